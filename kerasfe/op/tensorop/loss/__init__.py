"""Loss ops: read (y_pred, y_true), write a scalar (or per-sample) loss."""
from kerasfe.op.tensorop.loss.cross_entropy import CrossEntropy
from kerasfe.op.tensorop.loss.hinge import Hinge
from kerasfe.op.tensorop.loss.l1_loss import L1_Loss
from kerasfe.op.tensorop.loss.loss_op import LossOp
from kerasfe.op.tensorop.loss.mean_squared_error import MeanSquaredError

__all__ = ["CrossEntropy", "Hinge", "L1_Loss", "LossOp", "MeanSquaredError"]
