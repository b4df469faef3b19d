import keras
import numpy as np

from kerasfe.layers import ReflectionPadding2D


def test_pads_width_then_height_like_numpy_reflect():
    x = np.random.default_rng(0).normal(size=(2, 4, 5, 3)).astype("float32")
    for padding, (width, height) in (((2, 1), (2, 1)), (1, (1, 1)), ((0, 3), (0, 3))):
        expected = np.pad(x, [(0, 0), (height, height), (width, width), (0, 0)], mode="reflect")
        layer = ReflectionPadding2D(padding)
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(layer(x)), expected)
        assert layer.compute_output_shape((None, 4, 5, 3)) == (None,) + expected.shape[1:]


def test_in_a_model_with_unknown_size():
    model = keras.Sequential([keras.Input((None, None, 1)), ReflectionPadding2D((1, 2))])
    assert model.output_shape == (None, None, None, 1)
    assert keras.ops.convert_to_numpy(model(np.zeros((1, 3, 3, 1), "float32"))).shape == (1, 7, 5, 1)
