"""FastEstimator's import path `fe.op.tensorop.meta`: the TensorOp meta ops of `kerasfe.op.tensorop.meta_op`.

Example:
    >>> from kerasfe.op.tensorop import meta_op
    >>> Sometimes is meta_op.Sometimes
    True
"""
from kerasfe.op.tensorop.meta_op import Fuse, OneOf, Repeat, Sometimes

__all__ = ["Fuse", "OneOf", "Repeat", "Sometimes"]
