import keras
import numpy as np
import pytest

import kerasfe.backend as fe_backend
from kerasfe.errors import ConfigError

RNG = np.random.default_rng(1)
PROBS = RNG.dirichlet(np.ones(3), size=4).astype("float32")
SPARSE = np.array([0, 2, 1, 2])
ONE_HOT = np.eye(3, dtype="float32")[SPARSE]
P_BIN = RNG.uniform(0.05, 0.95, size=(4, 2)).astype("float32")
T_BIN = RNG.integers(0, 2, size=(4, 2)).astype("float32")
PRED = RNG.normal(size=(4, 3)).astype("float32")
TRUE = RNG.normal(size=(4, 3)).astype("float32")
WEIGHTS = {1: 2.0, 2: 0.5}


def bce(p, t):
    return -(t * np.log(p) + (1 - t) * np.log(1 - p))


def class_weight(labels):
    return np.vectorize(lambda c: WEIGHTS.get(int(c), 1.0))(labels)


DIFF = PRED - TRUE
CASES = [
    ("binary_crossentropy", (P_BIN, T_BIN), {"average_loss": False}, bce(P_BIN, T_BIN).mean(1)),
    ("binary_crossentropy", (P_BIN, T_BIN), {"class_weights": {1: 3.0}},
     (bce(P_BIN, T_BIN) * np.where(T_BIN == 1, 3.0, 1.0)).mean()),
    ("binary_crossentropy", (np.log(P_BIN / (1 - P_BIN)), T_BIN), {"from_logits": True}, bce(P_BIN, T_BIN).mean()),
    ("categorical_crossentropy", (PROBS, ONE_HOT), {"average_loss": False, "class_weights": WEIGHTS},
     -np.log(PROBS[np.arange(4), SPARSE]) * class_weight(SPARSE)),
    ("sparse_categorical_crossentropy", (PROBS, SPARSE[:, None]), {"class_weights": WEIGHTS},
     np.mean(-np.log(PROBS[np.arange(4), SPARSE]) * class_weight(SPARSE))),
    ("sparse_categorical_crossentropy", (np.log(PROBS), SPARSE), {"from_logits": True, "average_loss": False},
     -np.log(PROBS[np.arange(4), SPARSE])),
    ("hinge", (np.sign(TRUE), PRED), {}, np.maximum(1 - np.sign(TRUE) * PRED, 0).mean(-1)),
    ("huber", (TRUE, PRED), {"beta": 0.65},
     np.where(np.abs(DIFF) < 0.65, 0.5 * DIFF ** 2, 0.65 * (np.abs(DIFF) - 0.325)).mean(-1)),
    ("l1_loss", (TRUE, PRED), {}, np.abs(DIFF).mean(-1)),
    ("mean_squared_error", (TRUE, PRED), {}, (DIFF ** 2).mean(-1)),
    ("smooth_l1_loss", (TRUE, PRED), {"beta": 0.65},
     np.where(np.abs(DIFF) < 0.65, 0.5 * DIFF ** 2 / 0.65, np.abs(DIFF) - 0.325).mean(-1)),
    ("mean_squared_error", (TRUE[:, 0], PRED[:, 0]), {}, DIFF[:, 0] ** 2),  # rank 1: one value per sample
]


@pytest.mark.parametrize("name, args, kwargs, expected", CASES, ids=[case[0] for case in CASES])
def test_loss_matches_numpy(name, args, kwargs, expected):
    first, second = args
    # the prediction is a backend tensor, the labels numpy (cross-entropies take (y_pred, y_true), the others
    # (y_true, y_pred))
    tensors = (keras.ops.convert_to_tensor(first), second) if name.endswith("crossentropy") else (
        first, keras.ops.convert_to_tensor(second))
    result = getattr(fe_backend, name)(*tensors, **kwargs)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(result), expected, rtol=1e-4, atol=1e-5)


def numpy_dice(pred, true, soft=False, eps=1e-6):
    numerator = (pred * true).sum((1, 2))
    denominator = ((pred ** 2).sum((1, 2)) + (true ** 2).sum((1, 2))) if soft else pred.sum((1, 2)) + true.sum((1, 2))
    return 2 * numerator / (denominator + eps)


def test_dice_score_options_match_numpy():
    pred = RNG.uniform(size=(3, 4, 4, 2)).astype("float32")
    true = RNG.integers(0, 2, size=(3, 4, 4, 2)).astype("float32")
    true[2] = 0
    tensor = keras.ops.convert_to_tensor(pred)

    def dice(**kwargs):
        return keras.ops.convert_to_numpy(fe_backend.dice_score(tensor, true, **kwargs))

    np.testing.assert_allclose(dice(), numpy_dice(pred, true), rtol=1e-5)
    np.testing.assert_allclose(dice(soft_dice=True), numpy_dice(pred, true, soft=True), rtol=1e-5)
    np.testing.assert_allclose(dice(channel_average=True, sample_average=True), numpy_dice(pred, true).mean(),
                               rtol=1e-5)
    np.testing.assert_allclose(dice(channel_weights=np.array([[2.0, 0.5]])), numpy_dice(pred, true) * [2.0, 0.5],
                               rtol=1e-5)
    binary = (pred > 0.5).astype("float32")
    np.testing.assert_allclose(dice(threshold=0.5), numpy_dice(binary, true), rtol=1e-5)
    top = (pred >= pred.max(-1, keepdims=True)) * pred
    np.testing.assert_allclose(dice(mask_overlap=False), numpy_dice(top, true), rtol=1e-5)
    empty = dice(threshold=2.0, empty_nan=True)  # nothing predicted: sample 2 (no mask) is NaN
    assert np.isnan(empty[2]).all() and not np.isnan(empty[:2]).any()
    assert isinstance(fe_backend.dice_score(pred, true), np.ndarray)


def test_focal_loss_matches_numpy_for_each_reduction():
    p, t = P_BIN, T_BIN
    p_t = t * p + (1 - t) * (1 - p)
    elementwise = (t * 0.25 + (1 - t) * 0.75) * (1 - p_t) ** 2 * bce(p, t)
    normalized = elementwise / np.maximum(t.sum(1, keepdims=True), 1)
    pred = keras.ops.convert_to_tensor(p)

    def focal(**kwargs):
        return keras.ops.convert_to_numpy(fe_backend.focal_loss(t, pred, **kwargs))

    np.testing.assert_allclose(focal(), normalized.sum(1).mean(), rtol=1e-4)
    np.testing.assert_allclose(focal(normalize=False, shape_reduction="mean", sample_reduction="sum"),
                               elementwise.mean(1).sum(), rtol=1e-4)
    np.testing.assert_allclose(focal(shape_reduction="none", sample_reduction="none"), normalized, rtol=1e-4)
    logits = keras.ops.convert_to_tensor(np.log(p / (1 - p)))
    np.testing.assert_allclose(keras.ops.convert_to_numpy(fe_backend.focal_loss(t, logits, from_logits=True)),
                               normalized.sum(1).mean(), rtol=1e-4)
    smooth = t * 0.8 + 0.1
    smooth_pt = smooth * p + (1 - smooth) * (1 - p)
    smoothed = (smooth * 0.25 + (1 - smooth) * 0.75) * (1 - smooth_pt) ** 2 * bce(p, smooth)
    np.testing.assert_allclose(focal(label_smoothing=0.2, normalize=False), smoothed.sum(1).mean(), rtol=1e-4)
    with pytest.raises(ConfigError, match="gamma"):
        fe_backend.focal_loss(t, pred, gamma=-1)
    with pytest.raises(ConfigError, match="shape_reduction"):
        fe_backend.focal_loss(t, pred, shape_reduction="max")
