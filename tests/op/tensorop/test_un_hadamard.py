import keras
import numpy as np
import pytest
from scipy.linalg import hadamard

from kerasfe.errors import ConfigError
from kerasfe.op.tensorop import UnHadamard
from kerasfe.op.tensorop.un_hadamard import hadamard_codes


def test_codes_are_fastestimators_and_decoding_matches_the_inverse_distance_oracle():
    expected_codes = hadamard(8).astype("float32")
    expected_codes[::2, 0] = -1
    np.testing.assert_array_equal(hadamard_codes(5, 8), expected_codes[:5])
    rng = np.random.default_rng(4)
    outputs = rng.uniform(-1, 1, size=(6, 8)).astype("float32")
    distances = np.abs(outputs[:, None, :] - expected_codes[None, :5]).sum(-1)
    eps = 9 * (1 - 0.99999) / (0.99999 * 4)
    weights = 1 / np.maximum(distances, eps)
    op = UnHadamard(inputs=("a", "b"), outputs=("pa", "pb"), n_classes=5, code_length=8)
    decoded = op.forward([keras.ops.convert_to_tensor(outputs), keras.ops.convert_to_tensor(expected_codes[:5])], {})
    np.testing.assert_allclose(keras.ops.convert_to_numpy(decoded[0]), weights / weights.sum(-1, keepdims=True),
                               rtol=1e-5)
    assert keras.ops.convert_to_numpy(keras.ops.argmax(decoded[1], axis=-1)).tolist() == [0, 1, 2, 3, 4]
    assert UnHadamard(inputs="a", outputs="b", n_classes=5).code_length == 8
    for code_length in (6, 4):
        with pytest.raises(ConfigError, match="code_length"):
            UnHadamard(inputs="a", outputs="b", n_classes=5, code_length=code_length)
