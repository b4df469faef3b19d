"""The Network (a keras.Model that runs an op list), `build` (a model with its own optimizer), the op-graph
checks and the forward record.

`Network` is imported on first use, so the ops can import `kerasfe.network.build` without a cycle.
"""
import importlib

__all__ = ["Network"]


def __getattr__(name):
    if name == "Network":
        return importlib.import_module("kerasfe.network.network").Network
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
