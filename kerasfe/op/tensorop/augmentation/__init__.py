"""FastEstimator's import path `fe.op.tensorop.augmentation`: the batch mixing ops of `kerasfe.op.tensorop.mix`.

Example:
    >>> from kerasfe.op.tensorop import mix
    >>> MixUpBatch is mix.MixUpBatch
    True
"""
from kerasfe.op.tensorop.mix import CutMixBatch, MixUpBatch

__all__ = ["CutMixBatch", "MixUpBatch"]
