"""FocalLoss: binary focal cross-entropy, as RetinaNet computes it."""
import keras

from kerasfe.backend.loss_functions import REDUCTIONS, focal_loss
from kerasfe.errors import ConfigError
from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.loss.loss_op import LossOp, at_least_2d, sample_weighted


@serializable
class FocalLoss(LossOp):
    """Focal loss (Lin et al. 2017) of 0/1 labels shaped like the predictions, computed by
    `kerasfe.backend.focal_loss`: per element `alpha_t * (1 - p_t) ** gamma * bce`, with `alpha_t` = `alpha` for
    positives and `1 - alpha` for negatives (`alpha` None or negative: no class balancing).

    Args:
        inputs: (prediction key, label key).
        outputs: the loss key.
        gamma: the focusing exponent (0: plain cross-entropy).
        alpha: the positives' weight.
        sample_reduction: "mean", "sum" or "none" over the batch (weighted by the batch's sample weights).
        shape_reduction: "sum", "mean" or "none" over each sample's elements.
        from_logits: whether the predictions are logits.
        normalize: divide each sample's loss by its number of positive labels (at least 1).

    Example:
        >>> import keras, numpy as np
        >>> op = FocalLoss(inputs=("y_pred", "y"), outputs="focal", alpha=None, gamma=0.0, normalize=False)
        >>> y_pred = keras.ops.convert_to_tensor(np.array([0.5, 0.5], "float32"))  # plain BCE
        >>> round(float(op.forward([y_pred, np.array([1.0, 0.0], "float32")], {})), 4)
        0.6931
    """

    def __init__(self, inputs, outputs, gamma=2.0, alpha=0.25, sample_reduction="mean", shape_reduction="sum",
                 from_logits=False, normalize=True, mode="!infer", ds_id=None):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id,
                         average_loss=sample_reduction == "mean")
        for name, value in (("sample_reduction", sample_reduction), ("shape_reduction", shape_reduction)):
            if value not in REDUCTIONS:
                raise ConfigError(f"{self.describe()}: {name} must be one of {REDUCTIONS}; got '{value}'")
        self.gamma, self.alpha, self.from_logits, self.normalize = gamma, alpha, from_logits, normalize
        self.sample_reduction, self.shape_reduction = sample_reduction, shape_reduction

    def per_sample_loss(self, y_pred, y_true):
        y_pred = at_least_2d(y_pred)
        y_true = keras.ops.reshape(keras.ops.cast(y_true, "float32"), keras.ops.shape(y_pred))
        return focal_loss(y_true, y_pred, gamma=self.gamma, alpha=self.alpha, from_logits=self.from_logits,
                          normalize=self.normalize, shape_reduction=self.shape_reduction, sample_reduction="none")

    def reduce(self, loss, state):
        loss = sample_weighted(loss, state)
        if self.sample_reduction == "mean":
            return keras.ops.mean(loss)
        return keras.ops.sum(loss) if self.sample_reduction == "sum" else loss
