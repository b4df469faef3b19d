import pytest
from sklearn import metrics

from kerasfe.trace.metric import Accuracy, F1Score
from tests.trace.helpers import estimator


def test_metrics_in_the_estimator_equal_scikit_learn_on_the_network_predictions(blobs):
    est = estimator(blobs, [Accuracy("y", "y_pred"), F1Score("y", "y_pred", average="macro")], epochs=2)
    summary = est.fit()
    labels = est.network.predict({"x": blobs["x"]}, batch_size=64, verbose=0)["y_pred"].argmax(-1)
    assert summary.epoch_values("eval", "accuracy")[-1] == pytest.approx(metrics.accuracy_score(blobs["y"], labels))
    assert summary.epoch_values("eval", "f1_score")[-1] == pytest.approx(
        metrics.f1_score(blobs["y"], labels, average="macro"))
    assert "accuracy" not in summary.history["train"]  # metrics run in eval and test by default
