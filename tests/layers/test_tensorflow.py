import keras
import numpy as np

import kerasfe.layers as layers
import kerasfe.layers.tensorflow as tf_layers


def test_fastestimator_tensorflow_names_are_the_keras_layers():
    assert (tf_layers.HadamardCode, tf_layers.InstanceNormalization, tf_layers.ReflectionPadding2D) == (
        layers.HadamardCode, layers.InstanceNormalization, layers.ReflectionPadding2D)
    x = np.arange(9, dtype="float32").reshape(1, 3, 3, 1)
    padded = keras.ops.convert_to_numpy(tf_layers.ReflectionPadding2D((1, 1))(x))[0, :, :, 0]
    np.testing.assert_array_equal(padded, np.pad(x[0, :, :, 0], 1, mode="reflect"))
