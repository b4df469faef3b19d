import pytest
from sklearn import metrics

from kerasfe.trace.metric import AUCScore
from tests.trace.metric.helpers import predictions, run_metric


@pytest.mark.parametrize("classes,average", [(2, "macro"), (4, "macro"), (4, "weighted")])
def test_auc_equals_scikit_learn(classes, average):
    y_true, y_pred = predictions(classes)
    y_pred[100:150] = y_pred[:50]  # tied scores
    expected = metrics.roc_auc_score(y_true, y_pred[:, 1] if classes == 2 else y_pred, multi_class="ovr",
                                     average=average)
    assert run_metric(AUCScore("y", "y_pred", average=average), y_true, y_pred) == pytest.approx(expected)
