import keras
import numpy as np
import pytest

from kerasfe.architecture import UNet
from kerasfe.errors import ConfigError
from tests.architecture.training import assert_trains, before_output_activation, zeroed


def test_unet_sigmoid_mask_keeps_the_image_size_and_trains():
    model = UNet(input_shape=(16, 8, 1), classes=1, filters=2, depth=2)
    assert max(layer.filters for layer in model.layers if isinstance(layer, keras.layers.Conv2D)) == 2 * 2 ** 2
    x = np.random.default_rng(0).random((4, 16, 8, 1), dtype="float32")
    mask = model.predict(x, verbose=0)
    assert mask.shape == (4, 16, 8, 1)
    np.testing.assert_allclose(mask, 1 / (1 + np.exp(-before_output_activation(model, x))), atol=1e-6)
    np.testing.assert_array_equal(zeroed(model).predict(x, verbose=0), np.full((4, 16, 8, 1), 0.5, "float32"))
    assert_trains(model, x, (x > 0.5).astype("float32"), "binary_crossentropy")


def test_unet_softmax_sums_to_one_over_classes():
    model = UNet(input_shape=(8, 8, 3), classes=4, filters=2, depth=1, activation="softmax")
    scores = model.predict(np.ones((1, 8, 8, 3), "float32"), verbose=0)
    np.testing.assert_allclose(scores.sum(axis=-1), 1.0, rtol=1e-5)


@pytest.mark.parametrize("kwargs, message", [({"input_shape": (20, 16, 1), "depth": 3}, "multiples of 2\\*\\*depth"),
                                             ({"activation": "relu"}, "activation")])
def test_unet_rejects_bad_configurations(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        UNet(**kwargs)
