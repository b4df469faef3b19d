import numpy as np
import pytest
from sklearn import metrics

from kerasfe.trace.metric import Accuracy
from tests.trace.metric.helpers import predictions, run_metric


@pytest.mark.parametrize("classes", [2, 4])
def test_accuracy_equals_scikit_learn(classes):
    y_true, y_pred = predictions(classes)
    assert run_metric(Accuracy("y", "y_pred"), y_true, y_pred) == pytest.approx(
        metrics.accuracy_score(y_true, y_pred.argmax(-1)))


def test_one_score_predictions_and_one_hot_labels():
    y_true, y_pred = predictions(2)
    score, one_hot = y_pred[:, 1:], np.eye(2)[y_true]
    assert run_metric(Accuracy("y", "y_pred"), one_hot, score) == pytest.approx(
        metrics.accuracy_score(y_true, score[:, 0] > 0.5))


def test_from_logits_applies_a_sigmoid_to_one_score_predictions():
    rng = np.random.default_rng(3)
    logits = rng.normal(size=(40, 1))
    labels = rng.integers(0, 2, 40)
    expected = metrics.accuracy_score(labels, (1 / (1 + np.exp(-logits[:, 0])) > 0.7).astype(int))
    assert Accuracy("y", "y_pred", threshold=0.7, from_logits=True).compute(labels, logits) == pytest.approx(expected)
    raw = metrics.accuracy_score(labels, (logits[:, 0] > 0.7).astype(int))
    assert Accuracy("y", "y_pred", threshold=0.7).compute(labels, logits) == pytest.approx(raw)
