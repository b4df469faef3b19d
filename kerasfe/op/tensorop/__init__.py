"""TensorOps: run inside the Network's compiled step on backend tensors."""
from kerasfe.op.tensorop.loss import CrossEntropy, Hinge, L1_Loss, LossOp, MeanSquaredError
from kerasfe.op.tensorop.model_op import ModelOp
from kerasfe.op.tensorop.tensorop import LambdaOp, TensorOp
from kerasfe.op.tensorop.update_op import UpdateOp

__all__ = ["CrossEntropy", "Hinge", "L1_Loss", "LambdaOp", "LossOp", "MeanSquaredError", "ModelOp", "TensorOp",
           "UpdateOp"]
