"""L1_Loss: absolute, smooth-L1 or Huber error."""
from kerasfe.backend.loss_functions import huber, l1_loss, smooth_l1_loss
from kerasfe.errors import ConfigError
from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.loss.loss_op import LossOp, mean_per_sample

LOSS_TYPES = ("L1", "Smooth", "Huber")


@serializable
class L1_Loss(LossOp):  # noqa: N801 - FastEstimator's public name
    """Mean absolute error (`loss_type="L1"`), smooth L1 (`"Smooth"`) or Huber (`"Huber"`).

    Smooth L1 is `0.5 d^2 / beta` where `|d| < beta`, else `|d| - 0.5 beta`; Huber is
    `0.5 d^2` where `|d| < beta`, else `beta (|d| - 0.5 beta)`.

    Example:
        >>> import keras
        >>> op = L1_Loss(inputs=("y_pred", "y"), outputs="l1")
        >>> float(op.forward([keras.ops.full((2, 3), 3.0), keras.ops.ones((2, 3))], {"mode": "train"}))
        2.0
    """

    elementwise = True  # y_pred and y_true must have one shape

    def __init__(self, inputs, outputs, mode="!infer", ds_id=None, loss_type="L1", beta=1.0, average_loss=True):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id, average_loss=average_loss)
        if loss_type not in LOSS_TYPES:
            raise ConfigError(f"{self.describe()}: loss_type must be one of {LOSS_TYPES}; got '{loss_type}'")
        if beta <= 0:
            raise ConfigError(f"{self.describe()}: beta must be positive; got {beta}")
        self.loss_type, self.beta = loss_type, beta

    def per_sample_loss(self, y_pred, y_true):
        if self.loss_type == "L1":
            return mean_per_sample(l1_loss(y_true, y_pred))
        if self.loss_type == "Smooth":
            return mean_per_sample(smooth_l1_loss(y_true, y_pred, beta=self.beta))
        return mean_per_sample(huber(y_true, y_pred, beta=self.beta))
