import keras
import numpy as np

from kerasfe.op.tensorop import Hinge


STATE = {"mode": "train"}


def run(op, y_pred, y_true):
    return keras.ops.convert_to_numpy(op.forward([keras.ops.convert_to_tensor(y_pred), y_true], STATE))


def test_hinge_maps_zero_one_labels():
    pred = np.array([0.5, -2.0, 0.3], "float32")
    expected = np.mean([0.5, 0.0, 1.3])
    np.testing.assert_allclose(run(Hinge(("p", "y"), "h"), pred, np.array([1.0, 0.0, 0.0], "float32")), expected,
                               rtol=1e-5)
