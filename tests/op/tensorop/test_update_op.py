import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.errors import ConfigError
from kerasfe.op.tensorop import LambdaOp, MeanSquaredError, ModelOp, UpdateOp
from kerasfe.schedule import EpochScheduler
from tests.conftest import classifier_network, dense_model


def test_update_op_needs_a_model_with_an_optimizer():
    with pytest.raises(ConfigError, match="has no optimizer; create it with fe.build"):
        UpdateOp(model=dense_model(), loss_name="ce")


def test_update_op_defaults_to_train_mode_and_reads_its_loss():
    op = UpdateOp(model=fe.build(dense_model, "sgd"), loss_name="ce")
    assert op.mode == {"train"} and op.inputs == ["ce"] and op.loss_name == "ce"
    assert isinstance(op.model.optimizer, keras.optimizers.SGD)


def test_merge_grad_of_n_steps_equals_one_step_of_n_times_the_batch(blobs):
    start = dense_model().get_weights()
    merged = fe.build(dense_model, lambda: keras.optimizers.Adam(0.01))
    merged.set_weights(start)
    network = fe.Network(ops=[ModelOp(model=merged, inputs="x", outputs="y_pred"),
                              fe.op.tensorop.CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=merged, loss_name="ce", merge_grad=4)])
    network.fit(blobs, batch_size=8, epochs=1, shuffle=False, verbose=0)  # 8 steps of 8: two updates
    whole = fe.build(dense_model, lambda: keras.optimizers.Adam(0.01))
    whole.set_weights(start)
    classifier_network(whole).fit(blobs, batch_size=32, epochs=1, shuffle=False, verbose=0)  # 2 steps of 32
    assert int(merged.optimizer.iterations) == 2
    for expected, actual in zip(whole.get_weights(), merged.get_weights()):
        np.testing.assert_allclose(actual, expected, atol=1e-5)
    assert not np.allclose(merged.get_weights()[0], start[0])


def test_merge_grad_conflicts_are_errors():
    model = fe.build(dense_model, lambda: keras.optimizers.Adam(gradient_accumulation_steps=2))
    with pytest.raises(ConfigError, match="merge_grad=3"):
        UpdateOp(model=model, loss_name="ce", merge_grad=3)
    with pytest.raises(ConfigError, match="merge_grad must be an int"):
        UpdateOp(model=model, loss_name="ce", merge_grad=0)


def test_update_op_scheduled_freezes_a_model_until_its_epoch(blobs):
    model = fe.build(dense_model, "adam")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              fe.op.tensorop.CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              EpochScheduler({1: None, 2: UpdateOp(model=model, loss_name="ce")})])
    start = model.get_weights()
    network.fit(blobs, batch_size=16, epochs=1, verbose=0)
    assert all(np.array_equal(a, b) for a, b in zip(start, model.get_weights()))
    network.fit(blobs, batch_size=16, initial_epoch=1, epochs=2, verbose=0)
    assert int(model.optimizer.iterations) == 4 and not np.allclose(start[0], model.get_weights()[0])


def linear_model(name):
    return lambda: keras.Sequential([keras.Input((2,)), keras.layers.Dense(2, use_bias=False)], name=name)


def cycle_gan_ops(models, updated):
    g_ab, g_ba, d_a, d_b = models
    ops = [ModelOp(g_ab, "a", "fake_b"), ModelOp(g_ba, "b", "fake_a"),
           ModelOp(g_ba, "fake_b", "cycled_a"), ModelOp(g_ab, "fake_a", "cycled_b"),
           ModelOp(d_a, "a", "score_a"), ModelOp(d_b, "b", "score_b"),
           ModelOp(d_a, "fake_a", "score_fake_a"), ModelOp(d_b, "fake_b", "score_fake_b"),
           LambdaOp(fn=keras.ops.ones_like, inputs="score_a", outputs="ones"),
           LambdaOp(fn=keras.ops.zeros_like, inputs="score_a", outputs="zeros"),
           MeanSquaredError(("score_fake_b", "ones"), "adv_ab"), MeanSquaredError(("cycled_a", "a"), "cycle_a"),
           MeanSquaredError(("score_fake_a", "ones"), "adv_ba"), MeanSquaredError(("cycled_b", "b"), "cycle_b"),
           MeanSquaredError(("score_a", "ones"), "real_a"), MeanSquaredError(("score_fake_a", "zeros"), "fake_a_loss"),
           MeanSquaredError(("score_b", "ones"), "real_b"), MeanSquaredError(("score_fake_b", "zeros"), "fake_b_loss"),
           LambdaOp(fn=lambda x, y: x + y, inputs=("adv_ab", "cycle_a"), outputs="g_ab_loss"),
           LambdaOp(fn=lambda x, y: x + y, inputs=("adv_ba", "cycle_b"), outputs="g_ba_loss"),
           LambdaOp(fn=lambda x, y: x + y, inputs=("real_a", "fake_a_loss"), outputs="d_a_loss"),
           LambdaOp(fn=lambda x, y: x + y, inputs=("real_b", "fake_b_loss"), outputs="d_b_loss")]
    losses = dict(zip(("g_ab", "g_ba", "d_a", "d_b"), ("g_ab_loss", "g_ba_loss", "d_a_loss", "d_b_loss")))
    return ops + [UpdateOp(model, losses[name]) for name, model in zip(losses, models) if name in updated]


def cycle_gan_losses(w, a, b):
    """The four losses in float64 numpy, for kernels w = (g_ab, g_ba, d_a, d_b)."""
    g_ab, g_ba, d_a, d_b = w
    fake_b, fake_a = a @ g_ab, b @ g_ba
    mse = lambda x, y: np.mean((x - y) ** 2)  # noqa: E731
    return {"g_ab": mse(fake_b @ d_b, 1) + mse(fake_b @ g_ba, a), "g_ba": mse(fake_a @ d_a, 1) + mse(fake_a @ g_ab, b),
            "d_a": mse(a @ d_a, 1) + mse(fake_a @ d_a, 0), "d_b": mse(b @ d_b, 1) + mse(fake_b @ d_b, 0)}


def numeric_gradient(loss, w, index, a, b, step=1e-6):
    grad = np.zeros_like(w[index])
    for position in np.ndindex(w[index].shape):
        shifted = [[k.copy() for k in w] for _ in range(2)]
        shifted[0][index][position] += step
        shifted[1][index][position] -= step
        grad[position] = (cycle_gan_losses(shifted[0], a, b)[loss] - cycle_gan_losses(shifted[1], a, b)[loss]) / (2 * step)
    return grad


@pytest.mark.parametrize("updated", [("g_ab", "d_b"), ("g_ab", "g_ba", "d_a", "d_b")])
def test_cycle_gan_updates_all_come_from_the_same_forward_pass(updated):
    rng = np.random.default_rng(0)
    names = ("g_ab", "g_ba", "d_a", "d_b")
    models = [fe.build(linear_model(name), lambda: keras.optimizers.SGD(0.1)) for name in names]
    kernels = [rng.normal(size=(2, 2)) for _ in names]
    for model, kernel in zip(models, kernels):
        model.set_weights([kernel.astype("float32")])
    a, b = rng.normal(size=(8, 2)), rng.normal(size=(8, 2))
    fe.Network(ops=cycle_gan_ops(models, updated)).fit({"a": a.astype("float32"), "b": b.astype("float32")},
                                                       batch_size=8, epochs=1, verbose=0)
    for index, (name, model) in enumerate(zip(names, models)):
        expected = kernels[index] - 0.1 * numeric_gradient(name, kernels, index, a, b) if name in updated \
            else kernels[index]
        np.testing.assert_allclose(model.get_weights()[0], expected, atol=1e-5, err_msg=name)
