"""Dice loss for segmentation."""
import keras

from kerasfe.backend.loss_functions import dice_terms
from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.loss.loss_op import LossOp


@serializable
class Dice(LossOp):
    """Soft Dice loss per sample: `1 - (2 * sum(p * t) + eps) / (sum(p) + sum(t) + eps)`.

    With `channel_average` (masks shaped (batch, ..., channels)), the Dice score of each channel is taken
    over the other axes and the scores are averaged; otherwise one score covers the whole sample.

    Example:
        >>> import keras, numpy as np
        >>> op = Dice(inputs=("mask_pred", "mask"), outputs="dice")
        >>> mask = np.array([[[1.0], [0.0]]], "float32")
        >>> round(float(op.forward([keras.ops.convert_to_tensor(mask), mask], {})), 4)
        0.0
        >>> round(float(op.forward([keras.ops.convert_to_tensor(1 - mask), mask], {})), 4)
        1.0
    """

    def __init__(self, inputs, outputs, epsilon=1e-6, channel_average=True, mode="!infer", ds_id=None,
                 average_loss=True):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id, average_loss=average_loss)
        self.epsilon, self.channel_average = epsilon, channel_average

    def per_sample_loss(self, y_pred, y_true):
        rank = len(y_pred.shape)
        axes = tuple(range(1, rank - 1)) if self.channel_average and rank > 2 else tuple(range(1, rank))
        intersection, total = dice_terms(y_pred, y_true, axes)
        score = (2 * intersection + self.epsilon) / (total + self.epsilon)
        if len(score.shape) > 1:
            score = keras.ops.mean(score, axis=-1)
        return 1.0 - score
