import keras
import numpy as np
import pytest

from kerasfe.op.tensorop import Dice, FocalLoss


STATE = {"mode": "train", "training": True}


def numpy_of(value):
    return keras.ops.convert_to_numpy(value)


def test_focal_and_dice_losses_match_numpy():
    rng = np.random.default_rng(0)
    p = rng.uniform(0.05, 0.95, size=(4, 3)).astype("float32")
    t = rng.integers(0, 2, size=(4, 3)).astype("float32")
    p_t = t * p + (1 - t) * (1 - p)
    alpha_t = t * 0.25 + (1 - t) * 0.75
    elementwise = -alpha_t * (1 - p_t) ** 2 * np.log(p_t)
    positives = np.maximum(t.sum(1), 1)
    expected = np.mean(elementwise.sum(1) / positives)  # FastEstimator's defaults: sum per sample, normalized
    assert float(numpy_of(FocalLoss(("p", "t"), "fl").forward([p, t], STATE))) == pytest.approx(expected, rel=1e-4)
    mean_shape = FocalLoss(("p", "t"), "fl", shape_reduction="mean", sample_reduction="sum", normalize=False)
    assert float(numpy_of(mean_shape.forward([p, t], STATE))) == pytest.approx(elementwise.mean(1).sum(), rel=1e-4)
    per_sample = FocalLoss(("p", "t"), "fl", sample_reduction="none", alpha=None, gamma=0.0)
    np.testing.assert_allclose(numpy_of(per_sample.forward([p, t], STATE)),
                               (-np.log(p_t)).sum(1) / positives, rtol=1e-4)
    masks_p, masks_t = rng.uniform(size=(2, 4, 4, 2)).astype("float32"), rng.integers(0, 2, (2, 4, 4, 2))
    dice = (2 * (masks_p * masks_t).sum((1, 2)) + 1e-6) / (masks_p.sum((1, 2)) + masks_t.sum((1, 2)) + 1e-6)
    assert float(numpy_of(Dice(("p", "t"), "d").forward([masks_p, masks_t], STATE))) == pytest.approx(
        np.mean(1 - dice.mean(1)), rel=1e-5)
