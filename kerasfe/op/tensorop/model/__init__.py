"""FastEstimator's import path `fe.op.tensorop.model`: ModelOp and UpdateOp.

Example:
    >>> from kerasfe.op.tensorop import model_op
    >>> ModelOp is model_op.ModelOp
    True
"""
from kerasfe.op.tensorop.model_op import ModelOp
from kerasfe.op.tensorop.update_op import UpdateOp

__all__ = ["ModelOp", "UpdateOp"]
