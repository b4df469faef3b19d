import keras
import numpy as np

from kerasfe.architecture import ResNet9
from tests.architecture.training import assert_trains


def test_resnet9_layout_probabilities_and_training():
    model = ResNet9(input_shape=(16, 16, 3), classes=3, filters=4)
    assert [layer.filters for layer in model.layers if isinstance(layer, keras.layers.Conv2D)] == \
        [4, 8, 8, 8, 16, 32, 32, 32]
    rng = np.random.default_rng(0)
    images = rng.random((8, 16, 16, 3), dtype="float32")
    probabilities = model.predict(images, verbose=0)
    assert probabilities.shape == (8, 3)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)
    assert_trains(model, images, rng.integers(0, 3, 8), "sparse_categorical_crossentropy")
