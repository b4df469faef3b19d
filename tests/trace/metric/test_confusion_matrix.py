import numpy as np
import pytest
from sklearn import metrics

from kerasfe.trace.metric import ConfusionMatrix
from tests.trace.metric.helpers import predictions, run_metric


@pytest.mark.parametrize("classes", [2, 4])
def test_confusion_matrix_equals_scikit_learn(classes):
    y_true, y_pred = predictions(classes)
    np.testing.assert_array_equal(run_metric(ConfusionMatrix("y", "y_pred"), y_true, y_pred),
                                  metrics.confusion_matrix(y_true, y_pred.argmax(-1)))


def test_confusion_matrix_covers_classes_that_never_occur():
    y_true, y_pred = predictions(3)
    np.testing.assert_array_equal(run_metric(ConfusionMatrix("y", "y_pred", num_classes=5), y_true, y_pred),
                                  metrics.confusion_matrix(y_true, y_pred.argmax(-1), labels=range(5)))
