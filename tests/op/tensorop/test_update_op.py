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


def test_update_op_applies_the_gradients_a_key_holds_as_its_own_loss_would(blobs):
    """UpdateOp(gradients=key) on GradientOp(model=...)'s gradients of the loss steps the weights exactly as
    UpdateOp(loss_name) does; the loss is still logged."""
    from kerasfe.op.tensorop import CrossEntropy, GradientOp
    start = dense_model().get_weights()
    given, derived = (fe.build(dense_model, lambda: keras.optimizers.Adam(0.01)) for _ in range(2))
    for model in (given, derived):
        model.set_weights(start)
    network = fe.Network(ops=[ModelOp(model=given, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              GradientOp(finals="ce", model=given, outputs="grads"),
                              UpdateOp(model=given, loss_name="ce", gradients="grads")])
    history = network.fit(blobs, batch_size=16, epochs=1, shuffle=False, verbose=0)
    classifier_network(derived).fit(blobs, batch_size=16, epochs=1, shuffle=False, verbose=0)
    assert int(given.optimizer.iterations) == 4 and "ce" in history.history
    for expected, actual in zip(derived.get_weights(), given.get_weights()):
        np.testing.assert_allclose(actual, expected, atol=1e-6)
    assert not np.allclose(given.get_weights()[0], start[0])


def test_update_op_given_gradients_are_checked():
    from kerasfe.op.tensorop import CrossEntropy
    model = fe.build(dense_model, "sgd")
    with pytest.raises(ConfigError, match="applies the gradients in 'grads', but no op writes it in mode 'train'"):
        fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                        CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                        UpdateOp(model=model, loss_name="ce", gradients="grads")])
    op = UpdateOp(model=model, loss_name="ce", gradients="grads")
    with pytest.raises(ConfigError, match="holds 1 gradient\\(s\\), but model '.*' has 2 trainable variable"):
        op.given_gradients({"grads": keras.ops.ones((4, 3))})
    mixed = fe.build(dense_model, "sgd", mixed_precision=True)
    with pytest.raises(ConfigError, match="cannot be applied with mixed precision"):
        UpdateOp(model=mixed, loss_name="ce", gradients="grads")


def test_an_undeferred_update_before_its_model_runs_again_is_an_error():
    """FastEstimator would apply an UpdateOp with defer=False before a later ModelOp of its model; kerasfe applies
    every update at the end of the step, so that order is refused (defer=True accepts it)."""
    from kerasfe.op.tensorop import CrossEntropy
    model = fe.build(dense_model, "sgd")

    def ops(defer):
        return [ModelOp(model=model, inputs="x", outputs="y_pred"),
                CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                UpdateOp(model=model, loss_name="ce", defer=defer),
                ModelOp(model=model, inputs="x", outputs="y_after")]

    with pytest.raises(ConfigError, match=r"\(defer=False\) is followed by ModelOp\(.*applies them all at the end"):
        fe.Network(ops=ops(defer=False))
    assert fe.Network(ops=ops(defer=True)).ops[2].defer


def test_an_undeferred_update_before_its_model_runs_in_other_modes_only_is_fine():
    """FastEstimator's ecc app: the UpdateOp (train) sits before an eval-only attack that runs the model again."""
    from kerasfe.op.tensorop import CrossEntropy
    model = fe.build(dense_model, "sgd")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce"),
                              ModelOp(model=model, inputs="x", outputs="y_again", mode="eval")])
    assert not network.ops[2].defer
