"""Gradients of bus keys (Watch, GradientOp) and FGSM, down to FGSM training making LeNet more robust on the digits."""
import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.architecture import LeNet
from kerasfe.dataset.data import digits
from kerasfe.errors import ConfigError
from kerasfe.op.tensorop import FGSM, Average, CrossEntropy, GradientOp, LambdaOp, ModelOp, UpdateOp, Watch


def linear(units=1, inputs=2, bias=False, activation=None):
    return lambda: keras.Sequential([keras.Input((inputs,)), keras.layers.Dense(units, use_bias=bias,
                                                                                 activation=activation)])


def bus_values(network, data, keys):
    network.bus_keys = tuple(keys)
    seen = []
    callback = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: seen.append(
        {key: keras.ops.convert_to_numpy(logs["bus/" + key]) for key in keys}))
    network.fit(data, batch_size=len(next(iter(data.values()))), epochs=1, verbose=0, shuffle=False,
                callbacks=[callback])
    return seen[0]


def test_gradient_wrt_a_watched_key_and_its_penalty_trains_the_model():
    """d(x @ w)/dx = w for every sample; a penalty mean(|dx|^2) = |w|^2 steps w by -lr * 2w (second order)."""
    model = fe.build(linear(), lambda: keras.optimizers.SGD(0.1))
    w = np.array([[1.0], [-2.0]], "float32")
    model.set_weights([w])
    network = fe.Network(ops=[Watch(inputs="x"), ModelOp(model, "x", "y"),
                              GradientOp(finals="y", inputs="x", outputs="dx"),
                              LambdaOp(fn=lambda dx: keras.ops.mean(keras.ops.sum(dx * dx, axis=1)), inputs="dx",
                                       outputs="penalty"),
                              UpdateOp(model, "penalty")])
    x = np.random.default_rng(0).normal(size=(4, 2)).astype("float32")
    seen = bus_values(network, {"x": x}, ["dx"])
    np.testing.assert_allclose(seen["dx"], np.tile(w.T, (4, 1)), rtol=1e-6)
    np.testing.assert_allclose(model.get_weights()[0], 0.8 * w, rtol=1e-5)


def test_gradient_wrt_model_variables_and_unconnected_keys():
    model = fe.build(linear(), "sgd")
    network = fe.Network(ops=[ModelOp(model, "x", "y"), GradientOp(finals="y", model=model, outputs="dw"),
                              GradientOp(finals="y", inputs="z", outputs="dz"),
                              LambdaOp(fn=lambda y: keras.ops.mean(y), inputs="y", outputs="loss"),
                              UpdateOp(model, "loss")])
    x = np.arange(6, dtype="float32").reshape(3, 2)
    network.bus_keys = ("dw", "dz")
    seen = []
    network.fit({"x": x, "z": np.ones((3, 1), "float32")}, batch_size=3, verbose=0, callbacks=[
        keras.callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: seen.append(logs))])
    np.testing.assert_allclose(keras.ops.convert_to_numpy(seen[0]["bus/dw"][0]), x.sum(0)[:, None], rtol=1e-6)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(seen[0]["bus/dz"]), np.zeros((3, 1)))


def softmax(z):
    z = np.exp(z - z.max(1, keepdims=True))
    return z / z.sum(1, keepdims=True)


def ce_grads(kernel, bias, x, y):
    """Mean sparse cross-entropy of softmax(x @ kernel + bias): gradients w.r.t. x, kernel, bias."""
    error = (softmax(x @ kernel + bias) - np.eye(kernel.shape[1])[y]) / len(y)
    return error @ kernel.T, x.T @ error, error.sum(0)


def test_fgsm_example_of_the_issue_perturbs_by_the_sign_and_updates_through_both_passes():
    model = fe.build(linear(units=3, inputs=4, bias=True, activation="softmax"), lambda: keras.optimizers.SGD(0.5))
    rng = np.random.default_rng(1)
    kernel, bias = rng.normal(size=(4, 3)).astype("float32"), rng.normal(size=3).astype("float32")
    model.set_weights([kernel, bias])
    x, y = rng.uniform(size=(8, 4)).astype("float32"), rng.integers(0, 3, 8)
    ops = [Watch(inputs="x"), ModelOp(model, "x", "y_pred"), CrossEntropy(("y_pred", "y"), "ce"),
           FGSM(data="x", loss="ce", outputs="x_adv", epsilon=0.04),
           ModelOp(model, "x_adv", "y_pred_adv"), CrossEntropy(("y_pred_adv", "y"), "ce_adv"),
           Average(inputs=("ce", "ce_adv"), outputs="avg_ce"), UpdateOp(model, "avg_ce")]
    seen = bus_values(fe.Network(ops=ops), {"x": x, "y": y}, ["x_adv"])
    dx, _, _ = ce_grads(kernel, bias, x, y)
    x_adv = x + 0.04 * np.sign(dx)
    np.testing.assert_allclose(seen["x_adv"], x_adv, atol=1e-6)
    _, dk_clean, db_clean = ce_grads(kernel, bias, x, y)
    _, dk_adv, db_adv = ce_grads(kernel, bias, x_adv, y)
    new_kernel, new_bias = model.get_weights()
    np.testing.assert_allclose(new_kernel, kernel - 0.5 * (dk_clean + dk_adv) / 2, atol=1e-5)
    np.testing.assert_allclose(new_bias, bias - 0.5 * (db_clean + db_adv) / 2, atol=1e-5)


def test_fgsm_in_evaluation_and_clipping():
    model = fe.build(linear(units=3, inputs=4, bias=True, activation="softmax"), "sgd")
    network = fe.Network(ops=[Watch(inputs="x"), ModelOp(model, "x", "y_pred"),
                              CrossEntropy(("y_pred", "y"), "ce", mode=None, average_loss=False),
                              FGSM(data="x", loss="ce", outputs="x_adv", epsilon=0.5, clip_low=0.0, clip_high=1.0,
                                   mode="!train"),
                              UpdateOp(model, "ce")])
    x = np.full((4, 4), 0.9, "float32")
    prediction = network.predict({"x": x, "y": np.zeros(4, "int64")}, verbose=0)
    dx, _, _ = ce_grads(*model.get_weights(), x, np.zeros(4, "int64"))  # the per-sample losses' gradient signs
    np.testing.assert_allclose(prediction["x_adv"], np.clip(x + 0.5 * np.sign(dx), 0.0, 1.0), atol=1e-6)


def test_gradient_op_arguments_are_checked():
    with pytest.raises(ConfigError, match="either inputs"):
        GradientOp(finals="y", outputs="g")
    with pytest.raises(ConfigError, match="one output key per input"):
        GradientOp(finals="y", inputs=["a", "b"], outputs="g")
    with pytest.raises(ConfigError, match="inside a fe.Network"):
        Watch(inputs="x").forward(None, {"mode": "train"})


EPSILON = 0.1


def adversarial_accuracy(model, data):
    """Accuracy on white-box FGSM examples of `data` made against `model` itself."""
    attack = fe.Network(ops=[Watch(inputs="x"), ModelOp(model, "x", "y_pred"),
                             CrossEntropy(("y_pred", "y"), "ce", mode=None, average_loss=False),
                             FGSM(data="x", loss="ce", outputs="x_adv", epsilon=EPSILON, clip_low=0.0, clip_high=1.0),
                             ModelOp(model, "x_adv", "y_pred_adv")])
    predicted = attack.predict(data, batch_size=90, verbose=0)["y_pred_adv"]
    return float(np.mean(np.argmax(predicted, axis=1) == data["y"]))


def train(adversarial, train_data):
    keras.utils.set_random_seed(0)
    model = fe.build(lambda: LeNet(input_shape=(24, 24, 1)), lambda: keras.optimizers.Adam(2e-3))
    if adversarial:  # the issue's example, verbatim
        ops = [Watch(inputs="x"), ModelOp(model, "x", "y_pred"), CrossEntropy(("y_pred", "y"), "ce"),
               FGSM(data="x", loss="ce", outputs="x_adv", epsilon=EPSILON),
               ModelOp(model, "x_adv", "y_pred_adv"), CrossEntropy(("y_pred_adv", "y"), "ce_adv"),
               Average(inputs=("ce", "ce_adv"), outputs="avg_ce"), UpdateOp(model, "avg_ce")]
    else:
        ops = [ModelOp(model, "x", "y_pred"), CrossEntropy(("y_pred", "y"), "ce"), UpdateOp(model, "ce")]
    fe.Network(ops=ops).fit(train_data, batch_size=32, epochs=2, verbose=0)
    return model


@pytest.mark.slow
def test_fgsm_training_is_more_robust_on_digits():
    train_data, _, test_data = digits.load_data(image_size=24)
    clean = train(False, train_data)
    robust = train(True, train_data)
    clean_accuracy = float(np.mean(np.argmax(keras.ops.convert_to_numpy(robust(test_data["x"])), 1) == test_data["y"]))
    assert clean_accuracy > 0.8
    assert adversarial_accuracy(robust, test_data) > adversarial_accuracy(clean, test_data) + 0.05
