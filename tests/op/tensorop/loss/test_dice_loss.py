import keras
import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.op.tensorop.loss import DiceLoss

STATE = {"mode": "train", "training": True}


def test_dice_loss_is_fastestimators_negative_dice_score():
    rng = np.random.default_rng(5)
    pred = rng.uniform(size=(3, 4, 4, 2)).astype("float32")
    true = rng.integers(0, 2, size=(3, 4, 4, 2)).astype("float32")

    def dice(soft=False):
        denominator = (pred ** 2 + true ** 2).sum((1, 2)) if soft else (pred + true).sum((1, 2))
        return 2 * (pred * true).sum((1, 2)) / (denominator + 1e-6)

    def loss(**kwargs):
        op = DiceLoss(inputs=("p", "t"), outputs="d", **kwargs)
        return keras.ops.convert_to_numpy(op.forward([keras.ops.convert_to_tensor(pred), true], STATE))

    np.testing.assert_allclose(loss(), -dice().mean(), rtol=1e-5)
    np.testing.assert_allclose(loss(soft_dice=True, average_loss=False), -dice(soft=True).mean(1), rtol=1e-5)
    np.testing.assert_allclose(loss(channel_average=False), -dice().mean(0), rtol=1e-5)
    np.testing.assert_allclose(loss(channel_weights={1: 3.0}), -(dice() * [1.0, 3.0]).mean(), rtol=1e-5)
    with pytest.raises(ConfigError, match="channel_weights"):
        DiceLoss(inputs=("p", "t"), outputs="d", channel_weights=[1.0])
