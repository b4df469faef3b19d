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
