import keras
import numpy as np
import pytest

from kerasfe.op.tensorop import L1_Loss


STATE = {"mode": "train"}


def run(op, y_pred, y_true):
    return keras.ops.convert_to_numpy(op.forward([keras.ops.convert_to_tensor(y_pred), y_true], STATE))


@pytest.mark.parametrize("loss_type, beta, expected", [
    ("Smooth", 2.0, [0.5 * 0.25 / 2.0, 3.0 - 1.0]),
    ("Huber", 2.0, [0.5 * 0.25, 2.0 * (3.0 - 1.0)]),
])
def test_smooth_l1_and_huber(loss_type, beta, expected):
    pred, true = np.array([[0.5], [3.0]], "float32"), np.zeros((2, 1), "float32")
    result = run(L1_Loss(("p", "y"), "l", loss_type=loss_type, beta=beta, average_loss=False), pred, true)
    np.testing.assert_allclose(result, expected, rtol=1e-5)
