"""Data set loaders returning dicts of numpy arrays."""
from kerasfe.dataset.data import digits

__all__ = ["digits"]
