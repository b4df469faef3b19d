import keras
import numpy as np

from kerasfe.architecture import LeNet


def test_lenet_outputs_class_probabilities():
    probabilities = keras.ops.convert_to_numpy(LeNet(input_shape=(32, 32, 3), classes=4)(np.zeros((2, 32, 32, 3))))
    assert probabilities.shape == (2, 4)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)
