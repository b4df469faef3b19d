import keras
import numpy as np
import pytest
from scipy.special import lambertw

import kerasfe as fe
from kerasfe.errors import ConfigError
from kerasfe.op.tensorop import (Argmax, Average, CrossEntropy, CutMixBatch, Dice, FocalLoss, Fuse, Gather,
                                 L2Regularization, LambdaOp, MixUpBatch, ModelOp, OneOf, Permute, Repeat, Reshape,
                                 Sometimes, SuperLoss, UpdateOp)

STATE = {"mode": "train", "training": True}


def numpy_of(value):
    return keras.ops.convert_to_numpy(value)


def test_shape_and_index_ops_match_numpy():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 4, 5)).astype("float32")
    np.testing.assert_allclose(numpy_of(Average(("a", "b"), "m").forward([x, 2 * x], STATE)), 1.5 * x, rtol=1e-6)
    np.testing.assert_array_equal(numpy_of(Argmax("x", "i").forward(x, STATE)), x.argmax(-1))
    np.testing.assert_array_equal(numpy_of(Reshape("x", "x", shape=(2, 10)).forward(x, STATE)), x.reshape(3, 2, 10))
    np.testing.assert_array_equal(numpy_of(Permute("x", "x", permutation=(2, 1)).forward(x, STATE)),
                                  x.transpose(0, 2, 1))
    scores, labels = x[:, 0, :], np.array([4, 0, 2])
    np.testing.assert_array_equal(numpy_of(Gather(("s", "y"), "g").forward([scores, labels], STATE)),
                                  scores[np.arange(3), labels])
    with pytest.raises(ConfigError, match="permutation"):
        Permute("x", "x", permutation=(0, 1))


def test_meta_ops():
    negate = LambdaOp(fn=lambda x: -x, inputs="x", outputs="x")
    x = keras.ops.ones((2,))
    assert numpy_of(Sometimes(negate, prob=0.0).forward(x, dict(STATE))).tolist() == [1.0, 1.0]
    assert numpy_of(Sometimes(negate, prob=1.0).forward(x, dict(STATE))).tolist() == [-1.0, -1.0]
    assert numpy_of(Repeat(LambdaOp(fn=lambda v: v + 1, inputs="x", outputs="x"), repeat=3).forward(
        x, dict(STATE))).tolist() == [4.0, 4.0]
    fused = Fuse([LambdaOp(fn=lambda v: v * 3, inputs="x", outputs="t"), LambdaOp(fn=lambda t, v: t + v,
                                                                                    inputs=("t", "x"), outputs="x")])
    assert fused.inputs == ["x"] and [numpy_of(v).tolist() for v in fused.forward([x], dict(STATE))] == [[3.0, 3.0],
                                                                                                         [4.0, 4.0]]
    with pytest.raises(ConfigError, match="write only keys it reads"):
        Sometimes(LambdaOp(fn=lambda v: v, inputs="x", outputs="y"))
    with pytest.raises(ConfigError, match="same inputs"):
        OneOf(negate, LambdaOp(fn=lambda v: v, inputs="z", outputs="z"))


def test_random_ops_draw_anew_each_step_inside_the_compiled_step():
    model = fe.build(lambda: keras.Sequential([keras.Input((2,)), keras.layers.Dense(3, activation="softmax")]),
                     "sgd")
    choose = OneOf(LambdaOp(fn=lambda v: v + 1, inputs="x", outputs="x"),
                   LambdaOp(fn=lambda v: v - 1, inputs="x", outputs="x"), seed=3)
    network = fe.Network(ops=[choose, Sometimes(LambdaOp(fn=lambda v: v * 10, inputs="x", outputs="x"), seed=4),
                              ModelOp(model, "x", "y_pred"), CrossEntropy(("y_pred", "y"), "ce"),
                              UpdateOp(model, "ce")])
    network.bus_keys = ("x",)
    seen = []
    network.fit({"x": np.zeros((64, 2), "float32"), "y": np.zeros(64, "int64")}, batch_size=4, verbose=0,
                callbacks=[keras.callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: seen.append(
                    float(numpy_of(logs["bus/x"])[0, 0])))])
    assert set(seen) == {1.0, -1.0, 10.0, -10.0}


def test_mixup_and_cutmix_mix_images_and_labels_alike():
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(4, 8, 8, 1)).astype("float32")
    y = np.array([0, 1, 2, 0])
    mixed, soft = MixUpBatch(("x", "y"), ("x", "y"), num_classes=3, seed=2).forward([x, y], {})
    lam = numpy_of(soft)[1, 1]  # sample 1 (class 1) mixed with sample 0 (class 0)
    np.testing.assert_allclose(numpy_of(mixed), lam * x + (1 - lam) * np.roll(x, 1, axis=0), atol=1e-6)
    np.testing.assert_allclose(numpy_of(soft), lam * np.eye(3)[y] + (1 - lam) * np.eye(3)[np.roll(y, 1)], atol=1e-6)
    mixed, soft = CutMixBatch(("x", "y"), ("x", "y"), num_classes=3, seed=5).forward([x, y], {})
    pasted = numpy_of(mixed) != x
    box = pasted.any(axis=0)[..., 0]
    np.testing.assert_array_equal(numpy_of(mixed)[:, box], np.roll(x, 1, axis=0)[:, box])
    np.testing.assert_allclose(numpy_of(soft)[1], (1 - box.mean()) * np.eye(3)[1] + box.mean() * np.eye(3)[0],
                               atol=1e-6)
    with pytest.raises(ConfigError, match="num_classes"):
        MixUpBatch(("x", "y"), ("x", "y")).forward([x, y], {})


def test_l2_regularization_adds_half_the_squared_weights():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    weights = sum(np.sum(w ** 2) for w in model.get_weights())
    value = L2Regularization("ce", "ce", model=model, beta=0.1).forward(keras.ops.ones(()), STATE)
    assert float(numpy_of(value)) == pytest.approx(1 + 0.1 * weights / 2, rel=1e-5)


def test_focal_and_dice_losses_match_numpy():
    rng = np.random.default_rng(0)
    p = rng.uniform(0.05, 0.95, size=(4, 3)).astype("float32")
    t = rng.integers(0, 2, size=(4, 3)).astype("float32")
    p_t = t * p + (1 - t) * (1 - p)
    alpha_t = t * 0.25 + (1 - t) * 0.75
    expected = np.mean(-alpha_t * (1 - p_t) ** 2 * np.log(p_t))
    assert float(numpy_of(FocalLoss(("p", "t"), "fl").forward([p, t], STATE))) == pytest.approx(expected, rel=1e-4)
    masks_p, masks_t = rng.uniform(size=(2, 4, 4, 2)).astype("float32"), rng.integers(0, 2, (2, 4, 4, 2))
    dice = (2 * (masks_p * masks_t).sum((1, 2)) + 1e-6) / (masks_p.sum((1, 2)) + masks_t.sum((1, 2)) + 1e-6)
    assert float(numpy_of(Dice(("p", "t"), "d").forward([masks_p, masks_t], STATE))) == pytest.approx(
        np.mean(1 - dice.mean(1)), rel=1e-5)


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
