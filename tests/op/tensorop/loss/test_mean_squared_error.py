import keras
import numpy as np

from kerasfe.op.tensorop import L1_Loss, MeanSquaredError


STATE = {"mode": "train"}


RNG = np.random.default_rng(0)


def run(op, y_pred, y_true):
    return keras.ops.convert_to_numpy(op.forward([keras.ops.convert_to_tensor(y_pred), y_true], STATE))


def test_regression_losses_per_sample_over_image_axes():
    pred = RNG.normal(size=(3, 4, 4, 2)).astype("float32")
    true = RNG.normal(size=(3, 4, 4, 2)).astype("float32")
    error = pred - true
    np.testing.assert_allclose(run(MeanSquaredError(("p", "y"), "l", average_loss=False), pred, true),
                               (error ** 2).mean(axis=(1, 2, 3)), rtol=1e-5)
    np.testing.assert_allclose(run(L1_Loss(("p", "y"), "l", average_loss=False), pred, true),
                               np.abs(error).mean(axis=(1, 2, 3)), rtol=1e-5)
