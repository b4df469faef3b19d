import keras
import numpy as np
import pytest

from kerasfe.op.tensorop import L2Regularization


STATE = {"mode": "train", "training": True}


def numpy_of(value):
    return keras.ops.convert_to_numpy(value)


def test_l2_regularization_adds_half_the_squared_weights():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    weights = sum(np.sum(w ** 2) for w in model.get_weights())
    value = L2Regularization("ce", "ce", model=model, beta=0.1).forward(keras.ops.ones(()), STATE)
    assert float(numpy_of(value)) == pytest.approx(1 + 0.1 * weights / 2, rel=1e-5)


def test_fastestimators_spelling_is_the_same_op():
    from kerasfe.op.tensorop.loss import L2Regularizaton

    assert L2Regularizaton is L2Regularization
