import keras
import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.layers.pytorch import Cropping2D, HadamardCode


def test_cropping_is_channels_first_as_fastestimator_pytorch():
    x = np.arange(100).reshape(1, 1, 10, 10)
    got = keras.ops.convert_to_numpy(Cropping2D(3)(x))
    np.testing.assert_array_equal(got, x[:, :, 3:7, 3:7])


def test_hadamard_takes_in_features_first_and_checks_them(tmp_path):
    x = np.ones((2, 6), "float32")
    assert keras.ops.convert_to_numpy(HadamardCode(6, 10)(x)).shape == (2, 10)
    with pytest.raises(ConfigError, match="in_features=5"):
        HadamardCode(5, 10)(x)
    layer = HadamardCode([6, 6], 4, code_length=8)
    inputs = [keras.Input((6,)), keras.Input((6,))]
    model = keras.Model(inputs, layer(inputs))
    model.save(str(tmp_path / "m.keras"))
    loaded = keras.models.load_model(str(tmp_path / "m.keras"))
    np.testing.assert_allclose(keras.ops.convert_to_numpy(loaded([x, 2 * x])),
                               keras.ops.convert_to_numpy(model([x, 2 * x])), rtol=1e-6)
