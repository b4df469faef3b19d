import numpy as np
import pytest
from sklearn import calibration, metrics

from kerasfe.trace.metric import (MCC, Accuracy, AUCScore, CalibrationError, ConfusionMatrix, Dice, F1Score,
                                  Precision, Recall)
from tests.trace.helpers import estimator


def _predictions(classes, samples=200, seed=0):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, classes, samples)
    logits = rng.normal(size=(samples, classes)) + 1.5 * np.eye(classes)[y_true]
    return y_true, np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)


def _run(metric, y_true, y_pred, batch=32):
    """Feeds the metric batch by batch, as the loop does, and returns what it logs."""
    from kerasfe.trace import Data
    metric.on_epoch_begin(Data())
    for start in range(0, len(y_true), batch):
        metric.on_batch_end(Data({"y": y_true[start:start + batch], "y_pred": y_pred[start:start + batch]}))
    data = Data()
    metric.on_epoch_end(data)
    return data.logs[metric.outputs[0]]


@pytest.mark.parametrize("classes", [2, 4])
def test_label_metrics_equal_scikit_learn(classes):
    y_true, y_pred = _predictions(classes)
    labels = y_pred.argmax(-1)
    assert _run(Accuracy("y", "y_pred"), y_true, y_pred) == pytest.approx(metrics.accuracy_score(y_true, labels))
    assert _run(MCC("y", "y_pred"), y_true, y_pred) == pytest.approx(metrics.matthews_corrcoef(y_true, labels))
    np.testing.assert_array_equal(_run(ConfusionMatrix("y", "y_pred"), y_true, y_pred),
                                  metrics.confusion_matrix(y_true, labels))
    averages = ["macro", "micro", "weighted", None] + (["binary"] if classes == 2 else [])
    for trace, reference in ((Precision, metrics.precision_score), (Recall, metrics.recall_score),
                             (F1Score, metrics.f1_score)):
        for average in averages:
            expected = reference(y_true, labels, average=average, zero_division=0)
            np.testing.assert_allclose(_run(trace("y", "y_pred", average=average), y_true, y_pred), expected)


def test_one_score_predictions_and_one_hot_labels():
    y_true, y_pred = _predictions(2)
    score, one_hot = y_pred[:, 1:], np.eye(2)[y_true]
    assert _run(Accuracy("y", "y_pred"), one_hot, score) == pytest.approx(
        metrics.accuracy_score(y_true, score[:, 0] > 0.5))
    assert _run(F1Score("y", "y_pred", average="binary", threshold=0.7), y_true, score) == pytest.approx(
        metrics.f1_score(y_true, score[:, 0] > 0.7))


def test_confusion_matrix_covers_classes_that_never_occur():
    y_true, y_pred = _predictions(3)
    np.testing.assert_array_equal(_run(ConfusionMatrix("y", "y_pred", num_classes=5), y_true, y_pred),
                                  metrics.confusion_matrix(y_true, y_pred.argmax(-1), labels=range(5)))


@pytest.mark.parametrize("classes,average", [(2, "macro"), (4, "macro"), (4, "weighted")])
def test_auc_equals_scikit_learn(classes, average):
    y_true, y_pred = _predictions(classes)
    y_pred[100:150] = y_pred[:50]  # tied scores
    expected = metrics.roc_auc_score(y_true, y_pred[:, 1] if classes == 2 else y_pred, multi_class="ovr",
                                     average=average)
    assert _run(AUCScore("y", "y_pred", average=average), y_true, y_pred) == pytest.approx(expected)


def _sklearn_ece(hits, confidence, n_bins):
    true_freq, mean_conf = calibration.calibration_curve(hits, confidence, n_bins=n_bins)
    bins = np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], confidence)
    counts = np.bincount(bins, minlength=n_bins)
    return float(np.sum(counts[counts > 0] / len(hits) * np.abs(true_freq - mean_conf)))


def test_calibration_error_matches_scikit_learn_calibration_curve():
    y_true, y_pred = _predictions(2)
    assert _run(CalibrationError("y", "y_pred", n_bins=5), y_true, y_pred[:, 1:]) == pytest.approx(
        _sklearn_ece(y_true, y_pred[:, 1], 5))
    y_true, y_pred = _predictions(4)
    hits = (y_pred.argmax(-1) == y_true).astype(int)
    assert _run(CalibrationError("y", "y_pred"), y_true, y_pred) == pytest.approx(
        _sklearn_ece(hits, y_pred.max(-1), 10))


def test_dice_is_the_mean_per_sample_f1_of_the_masks():
    rng = np.random.default_rng(1)
    masks, probabilities = rng.integers(0, 2, (40, 8, 8, 1)), rng.random((40, 8, 8, 1))
    expected = np.mean([metrics.f1_score(m.reshape(-1), p.reshape(-1) > 0.5) for m, p in zip(masks, probabilities)])
    assert _run(Dice("y", "y_pred"), masks, probabilities) == pytest.approx(expected)


def test_metrics_in_the_estimator_equal_scikit_learn_on_the_network_predictions(blobs):
    est = estimator(blobs, [Accuracy("y", "y_pred"), F1Score("y", "y_pred", average="macro")], epochs=2)
    summary = est.fit()
    labels = est.network.predict({"x": blobs["x"]}, batch_size=64, verbose=0)["y_pred"].argmax(-1)
    assert summary.epoch_values("eval", "accuracy")[-1] == pytest.approx(metrics.accuracy_score(blobs["y"], labels))
    assert summary.epoch_values("eval", "f1_score")[-1] == pytest.approx(
        metrics.f1_score(blobs["y"], labels, average="macro"))
    assert "accuracy" not in summary.history["train"]  # metrics run in eval and test by default
