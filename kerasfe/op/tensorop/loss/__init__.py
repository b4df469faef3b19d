"""Loss ops: read (y_pred, y_true), write a scalar (or per-sample) loss."""
from kerasfe.op.tensorop.loss.cross_entropy import CrossEntropy
from kerasfe.op.tensorop.l2_regularization import L2Regularization as L2Regularizaton
from kerasfe.op.tensorop.loss.dice import Dice
from kerasfe.op.tensorop.loss.dice_loss import DiceLoss
from kerasfe.op.tensorop.loss.focal_loss import FocalLoss
from kerasfe.op.tensorop.loss.hinge import Hinge
from kerasfe.op.tensorop.loss.l1_loss import L1_Loss
from kerasfe.op.tensorop.loss.loss_op import LossOp
from kerasfe.op.tensorop.loss.mean_squared_error import MeanSquaredError
from kerasfe.op.tensorop.loss.normal_kl_divergence import NormalKLDivergence
from kerasfe.op.tensorop.loss.nt_xent import NTXent
from kerasfe.op.tensorop.loss.super_loss import SuperLoss

__all__ = ["CrossEntropy", "Dice", "DiceLoss", "FocalLoss", "Hinge", "L1_Loss", "L2Regularizaton", "LossOp",
           "MeanSquaredError", "NTXent", "NormalKLDivergence", "SuperLoss"]
