import keras
import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.op.tensorop import CutMixBatch, MixUpBatch


def numpy_of(value):
    return keras.ops.convert_to_numpy(value)


def test_mixup_and_cutmix_mix_images_and_labels_alike():
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(4, 8, 8, 1)).astype("float32")
    y = np.array([0, 1, 2, 0])
    mixed, soft = MixUpBatch(("x", "y"), ("x", "y"), shared_beta=True, num_classes=3, seed=2).forward([x, y], {})
    lam = numpy_of(soft)[1, 1]  # sample 1 (class 1) mixed with sample 0 (class 0)
    assert lam >= 0.5  # FastEstimator folds lam to max(lam, 1 - lam)
    np.testing.assert_allclose(numpy_of(mixed), lam * x + (1 - lam) * np.roll(x, 1, axis=0), atol=1e-6)
    np.testing.assert_allclose(numpy_of(soft), lam * np.eye(3)[y] + (1 - lam) * np.eye(3)[np.roll(y, 1)], atol=1e-6)
    mixed, soft = MixUpBatch(("x", "y"), ("x", "y"), num_classes=4, seed=3).forward([x, np.arange(4)], {})
    lams = numpy_of(soft)[np.arange(4), np.arange(4)]  # one lam per sample (shared_beta=False, FastEstimator's default)
    assert len(set(np.round(lams, 6))) == 4 and (lams >= 0.5).all()
    np.testing.assert_allclose(numpy_of(mixed), lams[:, None, None, None] * x
                               + (1 - lams[:, None, None, None]) * np.roll(x, 1, axis=0), atol=1e-6)
    mixed, soft = CutMixBatch(("x", "y"), ("x", "y"), num_classes=3, seed=5).forward([x, y], {})
    pasted = numpy_of(mixed) != x
    box = pasted.any(axis=0)[..., 0]
    np.testing.assert_array_equal(numpy_of(mixed)[:, box], np.roll(x, 1, axis=0)[:, box])
    np.testing.assert_allclose(numpy_of(soft)[1], (1 - box.mean()) * np.eye(3)[1] + box.mean() * np.eye(3)[0],
                               atol=1e-6)
    with pytest.raises(ConfigError, match="num_classes"):
        MixUpBatch(("x", "y"), ("x", "y")).forward([x, y], {})
