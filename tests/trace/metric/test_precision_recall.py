import numpy as np
import pytest
from sklearn import metrics

from kerasfe.trace.metric import F1Score, Precision, Recall
from tests.trace.metric.helpers import predictions, run_metric


@pytest.mark.parametrize("classes", [2, 4])
def test_precision_recall_and_f1_equal_scikit_learn_for_every_average(classes):
    y_true, y_pred = predictions(classes)
    labels = y_pred.argmax(-1)
    averages = ["macro", "micro", "weighted", None] + (["binary"] if classes == 2 else [])
    for trace, reference in ((Precision, metrics.precision_score), (Recall, metrics.recall_score),
                             (F1Score, metrics.f1_score)):
        for average in averages:
            expected = reference(y_true, labels, average=average, zero_division=0)
            np.testing.assert_allclose(run_metric(trace("y", "y_pred", average=average), y_true, y_pred), expected)


def test_f1_of_one_score_predictions_uses_the_threshold():
    y_true, y_pred = predictions(2)
    score = y_pred[:, 1:]
    assert run_metric(F1Score("y", "y_pred", average="binary", threshold=0.7), y_true, score) == pytest.approx(
        metrics.f1_score(y_true, score[:, 0] > 0.7))


def test_default_average_is_fastestimators_binary_or_per_class():
    rng = np.random.default_rng(0)
    y_binary, score = rng.integers(0, 2, 40), rng.random((40, 1))
    for trace, reference in ((Precision, metrics.precision_score), (Recall, metrics.recall_score),
                             (F1Score, metrics.f1_score)):
        assert run_metric(trace("y", "y_pred"), y_binary, score) == pytest.approx(
            reference(y_binary, (score[:, 0] > 0.5).astype(int), average="binary", zero_division=0))
        y_true, probs = rng.integers(0, 3, 40), rng.random((40, 3))
        np.testing.assert_allclose(run_metric(trace("y", "y_pred"), y_true, probs),
                                   reference(y_true, probs.argmax(axis=1), average=None, zero_division=0))
