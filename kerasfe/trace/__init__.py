"""Traces: steps of the training loop (metrics, savers, loggers, schedulers) on the batch bus, and the
bridge to and from Keras callbacks."""
from kerasfe.trace.bridge import KerasCallbackTrace, TraceCallback, as_callbacks, to_trace
from kerasfe.trace.essential import EvalEssential, TrainEssential
from kerasfe.trace.logger import Logger
from kerasfe.trace.system import System
from kerasfe.trace.trace import Data, Trace, sort_traces

__all__ = ["Data", "EvalEssential", "KerasCallbackTrace", "Logger", "System", "Trace", "TraceCallback",
           "TrainEssential", "as_callbacks", "sort_traces", "to_trace"]
