import keras
import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.xai import split_model


def test_split_model_halves_compute_the_model():
    model = keras.Sequential([keras.Input((5, 5, 2)), keras.layers.Conv2D(3, 3, name="conv"), keras.layers.Flatten(),
                              keras.layers.Dense(2)])
    features, head = split_model(model, "conv")
    x = np.random.default_rng(0).random((2, 5, 5, 2)).astype("float32")
    np.testing.assert_allclose(keras.ops.convert_to_numpy(head(features(x))), keras.ops.convert_to_numpy(model(x)),
                               rtol=1e-5, atol=1e-6)
    assert features.optimizer is None and head.optimizer is None


def test_split_model_names_the_problem():
    inputs = keras.Input((4, 4, 1))
    conv = keras.layers.Conv2D(2, 3, name="conv")(inputs)
    joined = keras.layers.Concatenate()([keras.layers.Flatten()(conv), keras.layers.Flatten()(inputs)])
    model = keras.Model(inputs, keras.layers.Dense(2)(joined))
    with pytest.raises(ConfigError, match="no layer 'conv9'"):
        split_model(model, "conv9")
    with pytest.raises(ConfigError, match="skips it"):
        split_model(model, "conv")
