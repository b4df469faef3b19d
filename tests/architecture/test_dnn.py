import keras
import numpy as np

from kerasfe.architecture import DNN
from tests.architecture.training import assert_trains


def test_dnn_layers_and_outputs():
    model = DNN(input_features=30)
    assert [layer.units for layer in model.layers if isinstance(layer, keras.layers.Dense)] == [32, 16, 1]
    assert sum(isinstance(layer, keras.layers.Dropout) for layer in model.layers) == 2
    probabilities = model.predict(np.random.default_rng(0).normal(size=(3, 30)), verbose=0)
    assert probabilities.shape == (3, 1) and 0.0 < probabilities.min() and probabilities.max() < 1.0


def test_dnn_softmax_for_several_classes_without_dropout():
    model = DNN(input_features=5, hidden_units=(8,), dropout=0, classes=3)
    assert not any(isinstance(layer, keras.layers.Dropout) for layer in model.layers)
    probabilities = model.predict(np.ones((2, 5), "float32"), verbose=0)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)


def test_dnn_trains():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(16, 30)).astype("float32")
    assert_trains(DNN(input_features=30, dropout=0.0), x, (x[:, :1] > 0).astype("float32"), "binary_crossentropy")
