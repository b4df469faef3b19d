import keras
import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.op.tensorop import Argmax, Average, Gather, Normalize, Permute, Reshape, Resize3D


STATE = {"mode": "train", "training": True}


def numpy_of(value):
    return keras.ops.convert_to_numpy(value)


def test_shape_and_index_ops_match_numpy():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 4, 5)).astype("float32")
    np.testing.assert_allclose(numpy_of(Average(("a", "b"), "m").forward([x, 2 * x], STATE)), 1.5 * x, rtol=1e-6)
    np.testing.assert_array_equal(numpy_of(Argmax("x", "i").forward(x, STATE)), x.argmax(-1))
    np.testing.assert_array_equal(numpy_of(Reshape("x", "x", shape=(2, 10)).forward(x, STATE)), x.reshape(3, 2, 10))
    np.testing.assert_array_equal(numpy_of(Permute("x", "x", permutation=(2, 1)).forward(x, STATE)),
                                  x.transpose(0, 2, 1))
    scores, labels = x[:, 0, :], np.array([4, 0, 2])
    np.testing.assert_array_equal(numpy_of(Gather("s", "g", indices="y").forward([labels, scores], STATE)[0]),
                                  scores[np.arange(3), labels])
    picked, largest = Gather(("s", "t"), ("g", "h"), indices="y").forward([labels[:, None], scores, -scores], STATE)
    np.testing.assert_array_equal(numpy_of(largest), -scores[np.arange(3), labels])
    np.testing.assert_array_equal(numpy_of(Gather("s", "g").forward([scores], STATE)[0]), scores.max(1))
    with pytest.raises(ConfigError, match="one output key per input"):
        Gather(("s", "t"), "g")
    with pytest.raises(ConfigError, match="permutation"):
        Permute("x", "x", permutation=(0, 1))


def test_normalize_and_resize3d_match_numpy():
    image = np.random.default_rng(3).uniform(0, 255, size=(2, 4, 4, 3)).astype("float32")
    mean, std = np.array([0.485, 0.456, 0.406]), np.array([0.229, 0.224, 0.225])
    normalized = Normalize(inputs=("a", "b"), outputs=("a", "b")).forward([image, image[:1]], {})
    np.testing.assert_allclose(keras.ops.convert_to_numpy(normalized[0]), (image - mean * 255) / (std * 255 + 1e-7),
                               rtol=1e-5, atol=1e-5)
    assert tuple(normalized[1].shape) == (1, 4, 4, 3)
    volume = np.arange(8, dtype="float32").reshape(1, 2, 2, 2, 1)
    resized = keras.ops.convert_to_numpy(Resize3D(inputs="v", outputs="v", output_shape=(4, 2, 4)).forward(
        [keras.ops.convert_to_tensor(volume)], {})[0])
    np.testing.assert_array_equal(resized, volume.repeat(2, axis=1).repeat(2, axis=3))
    with pytest.raises(ConfigError, match="output_shape"):
        Resize3D(inputs="v", outputs="v", output_shape=(4, 4))
    with pytest.raises(ConfigError, match="one output key per input"):
        Normalize(inputs=("a", "b"), outputs="a")
