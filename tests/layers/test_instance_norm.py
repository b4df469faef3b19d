import keras
import numpy as np

from kerasfe.layers import InstanceNormalization


def test_matches_the_numpy_definition():
    x = np.random.default_rng(0).normal(3.0, 2.0, size=(2, 5, 4, 3)).astype("float32")
    layer = InstanceNormalization(epsilon=1e-3)
    layer.build(x.shape)
    layer.scale.assign(np.array([1.0, 2.0, 0.5], "float32"))
    layer.offset.assign(np.array([0.0, -1.0, 3.0], "float32"))
    mean, variance = x.mean(axis=(1, 2), keepdims=True), x.var(axis=(1, 2), keepdims=True)
    expected = np.array([1.0, 2.0, 0.5]) * (x - mean) / np.sqrt(variance + 1e-3) + np.array([0.0, -1.0, 3.0])
    np.testing.assert_allclose(keras.ops.convert_to_numpy(layer(x)), expected, rtol=1e-4, atol=1e-5)
    assert [v.name for v in layer.trainable_variables] == ["scale", "offset"]
    assert InstanceNormalization.from_config(layer.get_config()).epsilon == 1e-3
