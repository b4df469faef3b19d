"""Shared fixtures. The suite runs once per backend: KERAS_BACKEND=tensorflow|jax|torch pytest tests."""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import kerasfe as fe  # noqa: E402
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_keras_state():
    keras.utils.set_random_seed(0)
    yield
    keras.mixed_precision.set_global_policy("float32")


def dense_model(inputs=4, units=3, name="dense_model"):
    """A one-layer softmax classifier."""
    return keras.Sequential([keras.Input((inputs,)), keras.layers.Dense(units, activation="softmax")], name=name)


def conv_model():
    """A convolutional softmax classifier of 3 classes for one-channel images of any size."""
    return keras.Sequential([keras.Input((None, None, 1)), keras.layers.Conv2D(2, 3),
                             keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(3, activation="softmax")])


def classifier_network(model):
    """ModelOp -> CrossEntropy -> UpdateOp on keys x, y, y_pred, ce."""
    return fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                           CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                           UpdateOp(model=model, loss_name="ce")])


@pytest.fixture
def blobs():
    """64 samples of 4 features in 3 separable classes: {"x": float32, "y": int64}."""
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 64)
    x = (rng.normal(size=(64, 4)) + 3.0 * np.eye(3, 4)[y]).astype("float32")
    return {"x": x, "y": y.astype("int64")}
