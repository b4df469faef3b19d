import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop import Binarize, ExpandDims, Minmax, Normalize, Onehot, Reshape, ToFloat

STATE = {"mode": "train"}


def test_sample_and_batch_forms_agree():
    rng = np.random.default_rng(0)
    batch = rng.integers(0, 255, (5, 4, 3, 3)).astype("uint8")
    ops = [ExpandDims(inputs="x", axis=1), ExpandDims(inputs="x"), Reshape(shape=(12, 3), inputs="x"),
           ToFloat(inputs="x", max_value=255), Binarize(threshold=100, inputs="x"), Minmax(inputs="x"),
           Normalize(inputs="x", mean=(0.4, 0.5, 0.6), std=(0.2, 0.3, 0.4)), Onehot(num_classes=256, inputs="x")]
    for op in ops:
        expected = np.stack([op.forward(sample, STATE) for sample in batch])
        np.testing.assert_allclose(op.forward_batch(batch, STATE), expected, rtol=1e-6, err_msg=op.describe())


def test_values_match_numpy():
    x = np.array([[10.0, 20.0], [30.0, 50.0]])
    np.testing.assert_allclose(Minmax(inputs="x", new_min=-1.0, new_max=1.0).forward(x, STATE),
                               (x - 10) / 40 * 2 - 1, rtol=1e-6)
    image = np.full((2, 2, 3), 255, "uint8")
    np.testing.assert_allclose(Normalize(inputs="x").forward(image, STATE)[0, 0],
                               (1 - np.array([0.485, 0.456, 0.406])) / np.array([0.229, 0.224, 0.225]), rtol=1e-5)
    smooth = Onehot(num_classes=5, label_smoothing=0.1, inputs="y").forward(np.array([1, 4]), STATE)
    np.testing.assert_allclose(smooth.sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(smooth[0], [0.02, 0.92, 0.02, 0.02, 0.02], rtol=1e-5)
    a, b = ExpandDims(inputs=["a", "b"], axis=0).forward([np.zeros(2), np.zeros(3)], STATE)
    assert a.shape == (1, 2) and b.shape == (1, 3)


def test_bad_arguments():
    with pytest.raises(ConfigError, match="label_smoothing"):
        Onehot(num_classes=3, label_smoothing=1.0, inputs="y")
    with pytest.raises(ConfigError, match=r"class indices must be in \[0, 3\)"):
        Onehot(num_classes=3, inputs="y").forward(np.array(3), STATE)
    with pytest.raises(ConfigError, match="std must be positive"):
        Normalize(inputs="x", std=0)
    with pytest.raises(ConfigError, match="new_max"):
        Minmax(inputs="x", new_min=1, new_max=0)
