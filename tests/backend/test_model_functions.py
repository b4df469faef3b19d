import importlib
import os

import keras
import numpy as np
import pytest

import kerasfe.backend as fe_backend
from kerasfe.errors import ConfigError


def numpy_of(value):
    return keras.ops.convert_to_numpy(value)


def small_model(name="net"):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)], name=name)
    model.optimizer = keras.optimizers.SGD(0.1)
    return model


def test_get_gradient_of_a_function_matches_the_analytic_gradient_and_stays_differentiable():
    x = keras.ops.convert_to_tensor([1.0, 2.0, 3.0])
    np.testing.assert_allclose(numpy_of(fe_backend.get_gradient(lambda v: v ** 3, x)), 3 * np.array([1, 4, 9.0]))
    a, b = keras.ops.convert_to_tensor([2.0]), keras.ops.convert_to_tensor([5.0])
    grad_a, grad_b = fe_backend.get_gradient(lambda p, q: p * q * q, [a, b])
    assert numpy_of(grad_a).tolist() == [25.0] and numpy_of(grad_b).tolist() == [20.0]
    second = fe_backend.get_gradient(lambda v: fe_backend.get_gradient(lambda w: w ** 3, v), x)  # 6x
    np.testing.assert_allclose(numpy_of(second), 6 * np.array([1, 2, 3.0]))


def test_get_gradient_of_a_computed_tensor_uses_the_framework_where_it_can():
    backend = keras.backend.backend()
    if backend == "jax":
        with pytest.raises(ConfigError, match="function of the sources"):
            fe_backend.get_gradient(keras.ops.ones(()), keras.ops.ones(()))
        return
    x = fe_backend.watch(keras.ops.convert_to_tensor([1.0, 2.0]))
    if backend == "tensorflow":
        tf = importlib.import_module("tensorflow")
        with tf.GradientTape(persistent=True) as tape:
            fe_backend.watch(x, tape=tape)
            y = x * x
            gradient = fe_backend.get_gradient(y, x, tape=tape)
    else:
        gradient = fe_backend.get_gradient(x * x, x)
    assert numpy_of(gradient).tolist() == [2.0, 4.0]


def test_feed_forward_update_model_and_l2_regularization_match_hand_computation():
    model = small_model()
    x = np.ones((4, 3), "float32")
    kernel, bias = (numpy_of(v) for v in model.trainable_variables)
    np.testing.assert_allclose(numpy_of(fe_backend.feed_forward(model, x, training=False)), x @ kernel + bias,
                               rtol=1e-6)
    np.testing.assert_allclose(numpy_of(fe_backend.l2_regularization(model, beta=0.2)),
                               0.2 * ((kernel ** 2).sum() + (bias ** 2).sum()) / 2, rtol=1e-6)
    gradients = [np.full_like(kernel, 1.0), np.full_like(bias, 2.0)]
    deferred = {}
    fe_backend.update_model(model, gradients, defer=True, deferred=deferred)
    np.testing.assert_allclose(numpy_of(model.trainable_variables[0]), kernel)  # deferred: not applied yet
    for update in deferred["net"]:
        update()
    np.testing.assert_allclose(numpy_of(model.trainable_variables[0]), kernel - 0.1, rtol=1e-6)
    np.testing.assert_allclose(numpy_of(model.trainable_variables[1]), bias - 0.2, rtol=1e-6)
    with pytest.raises(ConfigError, match="no optimizer"):
        fe_backend.get_lr(keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)], name="bare"))


def test_set_lr_scales_weight_decay_and_save_load_restore_weights_and_optimizer(tmp_path):
    model = small_model()
    fe_backend.set_lr(model, 0.05)
    assert fe_backend.get_lr(model) == pytest.approx(0.05)
    decayed = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    decayed.optimizer = keras.optimizers.AdamW(0.01, weight_decay=0.1)
    fe_backend.set_lr(decayed, 0.02)
    assert decayed.optimizer.weight_decay == pytest.approx(0.2)
    fe_backend.set_lr(decayed, 0.01, weight_decay=0.3)
    assert decayed.optimizer.weight_decay == pytest.approx(0.3)

    model.optimizer = keras.optimizers.Adam(0.003)
    fe_backend.update_model(model, [np.ones((3, 2), "float32"), np.ones((2,), "float32")])
    saved = [numpy_of(v) for v in model.weights]
    saved_slots = [numpy_of(v) for v in model.optimizer.variables]
    path = fe_backend.save_model(model, str(tmp_path), model_name="m", save_optimizer=True, save_architecture=True)
    assert sorted(os.listdir(tmp_path)) == ["m.keras", "m.weights.h5", "m_opt.npz"]
    fresh = small_model()
    fresh.optimizer = keras.optimizers.Adam(0.5)
    fe_backend.load_model(fresh, path, load_optimizer=True)
    for loaded, value in zip(fresh.weights, saved):
        np.testing.assert_allclose(numpy_of(loaded), value)
    for loaded, value in zip(fresh.optimizer.variables, saved_slots):
        np.testing.assert_allclose(numpy_of(loaded), value)
    assert fe_backend.get_lr(fresh) == pytest.approx(0.003)
    with pytest.raises(ConfigError, match="does not exist"):
        fe_backend.load_model(fresh, str(tmp_path / "missing.weights.h5"))
