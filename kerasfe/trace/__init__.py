"""Traces: steps of the training loop (metrics, savers, loggers, schedulers) on the batch bus, the runner
that orders them, and the bridge to and from Keras callbacks."""
from kerasfe.trace.essential import EvalEssential, TestEssential, TrainEssential
from kerasfe.trace.keras_bridge import TraceCallback, as_callbacks
from kerasfe.trace.keras_callback_trace import KerasCallbackTrace, to_trace
from kerasfe.trace.logger import Logger
from kerasfe.trace.runner import TraceRunner
from kerasfe.trace.system import System
from kerasfe.trace.trace import Data, Trace, sort_traces

__all__ = ["Data", "EvalEssential", "KerasCallbackTrace", "Logger", "System", "TestEssential", "Trace",
           "TraceCallback", "TraceRunner", "TrainEssential", "as_callbacks", "sort_traces", "to_trace"]
