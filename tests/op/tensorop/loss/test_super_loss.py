import keras
import numpy as np
import pytest
from scipy.special import lambertw

from kerasfe.op.tensorop import CrossEntropy, SuperLoss


STATE = {"mode": "train", "training": True}


def numpy_of(value):
    return keras.ops.convert_to_numpy(value)


def test_super_loss_matches_the_paper_formula():
    rng = np.random.default_rng(0)
    probabilities = rng.dirichlet(np.ones(3), size=8).astype("float32")
    labels = rng.integers(0, 3, 8)
    ce = -np.log(probabilities[np.arange(8), labels])
    op = SuperLoss(CrossEntropy(("p", "y"), "ce"), threshold=np.log(3), regularization=0.5, average_loss=False,
                   output_confidence="sigma")
    loss, sigma = op.forward([probabilities, labels], STATE)
    beta = (ce - np.log(3)) / 0.5
    expected_sigma = np.exp(-lambertw(np.maximum(0.5 * np.maximum(beta, -2 / np.e), -1 / np.e + 1e-12)).real)
    np.testing.assert_allclose(numpy_of(sigma), expected_sigma, rtol=2e-4)
    np.testing.assert_allclose(numpy_of(loss), (ce - np.log(3)) * expected_sigma
                               + 0.5 * np.log(expected_sigma) ** 2, rtol=1e-3, atol=1e-5)
    running = SuperLoss(CrossEntropy(("p", "y"), "ce"))
    running.forward([probabilities, labels], STATE)
    running.forward([probabilities, labels], STATE)
    assert float(numpy_of(running.tau)) == pytest.approx(ce.mean(), rel=1e-5)
