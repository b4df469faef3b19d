"""Operators: steps that read and write keys of the batch dict."""
from kerasfe.op.op import Op

__all__ = ["Op"]
