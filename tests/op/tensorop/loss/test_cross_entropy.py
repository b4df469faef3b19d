import keras
import numpy as np
import pytest

from kerasfe.errors import ConfigError, DataError
from kerasfe.op.tensorop import CrossEntropy
from kerasfe.op.tensorop.loss.cross_entropy import infer_form


STATE = {"mode": "train"}


RNG = np.random.default_rng(0)


def run(op, y_pred, y_true):
    return keras.ops.convert_to_numpy(op.forward([keras.ops.convert_to_tensor(y_pred), y_true], STATE))


def test_form_follows_shapes():
    assert infer_form((8, 5), (8,)) == "sparse"
    assert infer_form((8, 5), (8, 1)) == "sparse"
    assert infer_form((8, 5), (8, 5)) == "categorical"
    assert infer_form((8, 1), (8,)) == "binary"
    assert infer_form((8,), (8,)) == "binary"


def test_sparse_and_categorical_cross_entropy_match_numpy():
    probs = RNG.dirichlet(np.ones(4), size=6).astype("float32")
    labels = RNG.integers(0, 4, 6)
    expected = -np.log(probs[np.arange(6), labels])
    np.testing.assert_allclose(run(CrossEntropy(("p", "y"), "ce"), probs, labels), expected.mean(), rtol=1e-5)
    one_hot = np.eye(4, dtype="float32")[labels]
    per_sample = run(CrossEntropy(("p", "y"), "ce", average_loss=False), probs, one_hot)
    np.testing.assert_allclose(per_sample, expected, rtol=1e-5)


def test_binary_cross_entropy_from_logits_matches_numpy():
    logits = RNG.normal(size=(6, 1)).astype("float32")
    labels = RNG.integers(0, 2, 6).astype("float32")
    probs = 1 / (1 + np.exp(-logits[:, 0]))
    expected = -(labels * np.log(probs) + (1 - labels) * np.log(1 - probs))
    result = run(CrossEntropy(("p", "y"), "ce", from_logits=True, average_loss=False), logits, labels)
    np.testing.assert_allclose(result, expected, rtol=1e-4)


def test_label_smoothing_changes_categorical_loss():
    probs = np.array([[0.9, 0.1]], "float32")
    plain = run(CrossEntropy(("p", "y"), "ce", form="categorical"), probs, np.array([[1.0, 0.0]], "float32"))
    smooth = run(CrossEntropy(("p", "y"), "ce", label_smoothing=0.2), probs, np.array([[1.0, 0.0]], "float32"))
    np.testing.assert_allclose(smooth, -(0.9 * np.log(0.9) + 0.1 * np.log(0.1)), rtol=1e-4)
    assert smooth > plain


def test_labels_that_fit_the_prediction_pass_the_first_batch_checks():
    op = CrossEntropy(inputs=("y_pred", "y"), outputs="ce")
    scores = keras.KerasTensor((4, 3))
    op.check_labels(scores, np.array([0.0, 2.0, 1.0, 2.0]), "train")  # whole floats are class ids
    op.check_labels(scores, np.array([[0], [2], [1], [1]]), "eval")
    op.check_labels(keras.KerasTensor((4, 1)), np.array([0.0, 0.3, 1.0, 1.0]), "train")  # soft binary labels
    op.check_inputs(keras.KerasTensor((4,)), keras.KerasTensor((4, 1), "int64"), "train")
    op.check_inputs(scores, keras.KerasTensor((4, 1), "int64"), "train")


def test_labels_outside_the_prediction_name_the_op_key_and_mode():
    op = CrossEntropy(inputs=("y_pred", "y"), outputs="ce")
    with pytest.raises(DataError, match=r"CrossEntropy reads labels 'y' in mode 'eval': label 3 is not a class id of "
                                        r"the 3 classes 'y_pred' predicts \(0 to 2\)"):
        op.check_labels(keras.KerasTensor((4, 3)), np.array([0, 1, 3, 2]), "eval")
    with pytest.raises(ConfigError, match=r"'y' \(shape \(4,\), int64\) looks like the labels"):
        CrossEntropy(inputs=("y", "y_pred"), outputs="ce").check_inputs(
            keras.KerasTensor((4,), "int64"), keras.KerasTensor((4, 3)), "train")


def test_class_weights_weigh_each_form_as_fastestimator():
    probs = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]], "float32")
    labels = np.array([0, 1, 2])
    expected = -np.log(probs[np.arange(3), labels]) * np.array([1.0, 3.0, 0.5])
    weights = {1: 3.0, 2: 0.5}
    for y_true in (labels, np.eye(3)[labels]):
        op = CrossEntropy(inputs=("p", "y"), outputs="ce", class_weights=weights, average_loss=False)
        np.testing.assert_allclose(keras.ops.convert_to_numpy(op.forward([keras.ops.convert_to_tensor(probs), y_true],
                                                                         {"mode": "train"})), expected, rtol=1e-5)
    with pytest.raises(ConfigError, match="class_weights"):
        CrossEntropy(inputs=("p", "y"), outputs="ce", class_weights={"a": 1.0})
