"""DiceLoss: FastEstimator's negative Dice score loss."""
import keras
import numpy as np

from kerasfe.backend.loss_functions import dice_score
from kerasfe.errors import ConfigError
from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.loss.loss_op import LossOp, sample_weighted


@serializable
class DiceLoss(LossOp):
    """FastEstimator's Dice loss: `-dice_score` of channels-last masks (batch, ..., channels), per sample and
    channel (`kerasfe.backend.dice_score`); -1 is a perfect overlap. `kerasfe.op.tensorop.loss.Dice` is the
    `1 - dice` form.

    Args:
        inputs: (prediction key, mask key).
        outputs: the loss key.
        soft_dice: square the terms of the denominator.
        average_loss: average over the batch (a scalar when `channel_average` too).
        channel_average: average over the channels.
        channel_weights: {channel index: weight} to weigh the channels' scores.
        epsilon: added to the denominator.

    Example:
        >>> import keras, numpy as np
        >>> mask = np.array([[[[1.0, 0.0]], [[0.0, 1.0]]]], "float32")  # (1, 2, 1, 2)
        >>> op = DiceLoss(inputs=("pred", "mask"), outputs="dice")
        >>> round(float(op.forward([keras.ops.convert_to_tensor(mask), mask], {})), 4)
        -1.0
    """

    def __init__(self, inputs, outputs, mode="!infer", ds_id=None, soft_dice=False, average_loss=True,
                 channel_average=True, channel_weights=None, epsilon=1e-6):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id, average_loss=average_loss)
        if channel_weights is not None and (not isinstance(channel_weights, dict)
                                            or not all(isinstance(key, int) for key in channel_weights)):
            raise ConfigError(f"{self.describe()}: channel_weights must map channel indices (ints) to weights; got "
                              f"{channel_weights!r}")
        self.soft_dice, self.channel_average, self.epsilon = soft_dice, channel_average, epsilon
        self.weights = None
        if channel_weights:
            self.weights = np.ones(max(channel_weights) + 1, "float32")
            for channel, weight in channel_weights.items():
                self.weights[channel] = weight

    def per_sample_loss(self, y_pred, y_true):
        return -dice_score(y_pred, y_true, soft_dice=self.soft_dice, channel_average=self.channel_average,
                           channel_weights=self.weights, epsilon=self.epsilon)

    def reduce(self, loss, state):
        """Weighs each sample's loss by the batch's sample weights, then (`average_loss`) averages over the batch
        only, as FastEstimator's `sample_average`: per-channel values stay without `channel_average`."""
        loss = sample_weighted(loss, state)
        return keras.ops.mean(loss, axis=0) if self.average_loss else loss
