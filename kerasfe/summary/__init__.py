"""The history of a run (`Summary`), returned by `Estimator.fit`."""
from kerasfe.summary.summary import Summary

__all__ = ["Summary"]
