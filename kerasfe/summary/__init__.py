"""The history of a run (`Summary`, returned by `Estimator.fit`), averaged runs (`average_summaries`,
`ValWithError`), the sqlite history of runs (`HistoryRecorder`, `HistoryReader`, `connect`, `delete`,
`update_settings`), and log files (`kerasfe.summary.logs`). `System` is the loop's state (`kerasfe.trace.System`),
loaded on first use so that this package imports no Keras."""
import importlib

from kerasfe.summary.history import HistoryReader, HistoryRecorder, connect, delete, update_settings
from kerasfe.summary.summary import Summary, ValWithError, average_summaries

__all__ = ["HistoryReader", "HistoryRecorder", "Summary", "System", "ValWithError", "average_summaries", "connect",
           "delete", "logs", "update_settings"]


def __getattr__(name):
    if name == "System":
        return importlib.import_module("kerasfe.trace.system").System
    if name == "logs":
        return importlib.import_module("kerasfe.summary.logs")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
