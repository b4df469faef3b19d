"""FocalLoss: binary focal cross-entropy."""
import keras

from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.loss.loss_op import LossOp, at_least_2d, mean_per_sample


@serializable
class FocalLoss(LossOp):
    """Focal loss (Lin et al. 2017), per element: `-alpha_t * (1 - p_t) ** gamma * log(p_t)`, where `p_t` is
    the probability of the true label and `alpha_t` is `alpha` for positives and `1 - alpha` for
    negatives (`alpha=None`: no class weighting). Labels are 0/1, shaped like the predictions (several
    independent labels per sample are averaged).

    Example:
        >>> import keras, numpy as np
        >>> op = FocalLoss(inputs=("y_pred", "y"), outputs="focal", alpha=None, gamma=0.0)  # plain BCE
        >>> y_pred = keras.ops.convert_to_tensor(np.array([0.5, 0.5], "float32"))
        >>> round(float(op.forward([y_pred, np.array([1.0, 0.0], "float32")], {})), 4)
        0.6931
    """

    def __init__(self, inputs, outputs, alpha=0.25, gamma=2.0, from_logits=False, mode="!infer", ds_id=None,
                 average_loss=True):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id, average_loss=average_loss)
        self.alpha, self.gamma, self.from_logits = alpha, gamma, from_logits

    def per_sample_loss(self, y_pred, y_true):
        y_pred = at_least_2d(y_pred)
        y_true = keras.ops.reshape(keras.ops.cast(y_true, "float32"), keras.ops.shape(y_pred))
        loss = keras.losses.binary_focal_crossentropy(
            y_true, y_pred, apply_class_balancing=self.alpha is not None,
            alpha=0.25 if self.alpha is None else self.alpha, gamma=self.gamma, from_logits=self.from_logits)
        return mean_per_sample(loss)
