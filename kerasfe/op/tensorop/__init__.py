"""TensorOps: run inside the Network's compiled step on backend tensors."""
from kerasfe.op.tensorop.gradient import FGSM, GradientOp, Watch
from kerasfe.op.tensorop.l2_regularization import L2Regularization
from kerasfe.op.tensorop.latent_noise import LatentNoise
from kerasfe.op.tensorop.layer_op import LayerOp
from kerasfe.op.tensorop.loss import (CrossEntropy, Dice, DiceLoss, FocalLoss, Hinge, L1_Loss, LossOp,
                                      MeanSquaredError, NormalKLDivergence, NTXent, SuperLoss)
from kerasfe.op.tensorop.meta_op import Fuse, OneOf, Repeat, Sometimes
from kerasfe.op.tensorop.mix import CutMixBatch, MixUpBatch
from kerasfe.op.tensorop.model_op import ModelOp
from kerasfe.op.tensorop.random_op import RandomOp
from kerasfe.op.tensorop.reparameterize import Reparameterize
from kerasfe.op.tensorop.tensor_ops import Argmax, Average, Gather, Normalize, Permute, Reshape, Resize3D
from kerasfe.op.tensorop.tensorop import Delete, LambdaOp, TensorOp
from kerasfe.op.tensorop.un_hadamard import UnHadamard
from kerasfe.op.tensorop.update_op import UpdateOp

__all__ = ["Argmax", "Average", "CrossEntropy", "CutMixBatch", "Delete", "Dice", "DiceLoss", "FGSM", "FocalLoss",
           "Fuse", "Gather", "GradientOp", "Hinge", "L1_Loss", "L2Regularization", "LambdaOp", "LatentNoise",
           "LayerOp", "LossOp", "MeanSquaredError", "MixUpBatch", "ModelOp", "NTXent", "NormalKLDivergence",
           "Normalize", "OneOf", "Permute", "RandomOp", "Reparameterize", "Repeat", "Reshape", "Resize3D",
           "Sometimes", "SuperLoss", "TensorOp", "UnHadamard", "UpdateOp", "Watch"]
