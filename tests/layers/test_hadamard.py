import keras
import numpy as np
import pytest
from scipy.linalg import hadamard

from kerasfe.errors import ConfigError
from kerasfe.layers import HadamardCode


def _oracle(layer, heads, power):
    joined = np.concatenate([x @ keras.ops.convert_to_numpy(head.kernel) + keras.ops.convert_to_numpy(head.bias)
                             for head, x in zip(layer.heads, heads)], axis=-1)
    codes = hadamard(layer.code_length)[:layer.n_classes, 1:]
    distance = np.abs(np.tanh(joined)[:, None, :] - codes).sum(-1)
    weight = 1.0 / np.maximum(distance, layer.eps) ** power
    return weight / weight.sum(-1, keepdims=True)


@pytest.mark.parametrize("n_heads", [1, 3])
def test_matches_the_numpy_definition(n_heads):
    rng = np.random.default_rng(0)
    heads = [rng.normal(size=(4, 5)).astype("float32") for _ in range(n_heads)]
    layer = HadamardCode(n_classes=5, code_length=16, power=0.5)
    got = keras.ops.convert_to_numpy(layer(heads[0] if n_heads == 1 else heads))
    assert [head.units for head in layer.heads] == ([15] if n_heads == 1 else [5, 5, 5])
    np.testing.assert_allclose(got, _oracle(layer, heads, 0.5), rtol=1e-4, atol=1e-6)


def test_an_output_on_a_code_word_gets_max_prob():
    layer = HadamardCode(n_classes=4, code_length=8, max_prob=0.8)
    layer.build((1, 2))
    codes = hadamard(8)[:4, 1:]
    layer.heads[0].kernel.assign(np.zeros((2, 7), "float32"))
    layer.heads[0].bias.assign(20.0 * codes[2].astype("float32"))  # tanh(20 * code) == code in float32
    probabilities = keras.ops.convert_to_numpy(layer(np.ones((1, 2), "float32")))[0]
    np.testing.assert_allclose(probabilities, [0.2 / 3, 0.2 / 3, 0.8, 0.2 / 3], rtol=1e-5)


def test_default_code_length_and_bad_settings():
    assert HadamardCode(10).code_length == 16 and HadamardCode(20).code_length == 32
    for kwargs in ({"code_length": 12}, {"code_length": 4}, {"power": 0}, {"max_prob": 1.0}):
        with pytest.raises(ConfigError, match="HadamardCode"):
            HadamardCode(n_classes=5, **kwargs)


def test_trains_and_saves_in_a_model(tmp_path):
    inputs = keras.Input((3,))
    model = keras.Model(inputs, HadamardCode(n_classes=3, code_length=4)([keras.layers.Dense(2)(inputs),
                                                                          keras.layers.Dense(2)(inputs)]))
    x = np.random.default_rng(1).normal(size=(6, 3)).astype("float32")
    path = str(tmp_path / "model.keras")
    model.save(path)
    loaded = keras.models.load_model(path)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(loaded(x)), keras.ops.convert_to_numpy(model(x)),
                               rtol=1e-6)
