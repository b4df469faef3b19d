import keras
import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.op.tensorop import Argmax, Average, Gather, Permute, Reshape


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
    np.testing.assert_array_equal(numpy_of(Gather(("s", "y"), "g").forward([scores, labels], STATE)),
                                  scores[np.arange(3), labels])
    with pytest.raises(ConfigError, match="permutation"):
        Permute("x", "x", permutation=(0, 1))


def test_gather_indices_pick_from_each_data_key_or_take_the_maximum():
    first, second = np.arange(12, dtype="float32").reshape(3, 4), -np.arange(12, dtype="float32").reshape(3, 4)
    labels, other = np.array([3, 0, 2]), np.array([1, 1, 0])
    rows = np.arange(3)
    both = Gather(inputs=["a", "b"], outputs=["ga", "gb"], indices=["i", "j"]).forward([first, second, labels, other],
                                                                                        STATE)
    np.testing.assert_array_equal(numpy_of(both[0]), first[rows, labels])
    np.testing.assert_array_equal(numpy_of(both[1]), second[rows, other])
    shared = Gather(inputs=["a", "b"], outputs=["ga", "gb"], indices="i").forward([first, second, labels], STATE)
    np.testing.assert_array_equal(numpy_of(shared[1]), second[rows, labels])
    np.testing.assert_array_equal(numpy_of(Gather(inputs="a", outputs="m").forward([first], STATE)), first.max(1))
    with pytest.raises(ConfigError, match=r"got inputs \['a', 'b'\], indices \['i', 'j', 'k'\]"):
        Gather(inputs=["a", "b"], outputs=["ga", "gb"], indices=["i", "j", "k"])
