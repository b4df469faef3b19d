import pytest
from sklearn import metrics

from kerasfe.trace.metric import MCC
from tests.trace.metric.helpers import predictions, run_metric


@pytest.mark.parametrize("classes", [2, 4])
def test_mcc_equals_scikit_learn(classes):
    y_true, y_pred = predictions(classes)
    assert run_metric(MCC("y", "y_pred"), y_true, y_pred) == pytest.approx(
        metrics.matthews_corrcoef(y_true, y_pred.argmax(-1)))
