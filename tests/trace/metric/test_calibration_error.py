import numpy as np
import pytest
from sklearn import calibration

from kerasfe.trace.metric import CalibrationError
from tests.trace.metric.helpers import predictions, run_metric


def sklearn_ece(hits, confidence, n_bins):
    """The expected calibration error from scikit-learn's calibration curve, bins weighted by their counts."""
    true_freq, mean_conf = calibration.calibration_curve(hits, confidence, n_bins=n_bins)
    bins = np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], confidence)
    counts = np.bincount(bins, minlength=n_bins)
    return float(np.sum(counts[counts > 0] / len(hits) * np.abs(true_freq - mean_conf)))


def test_calibration_error_matches_scikit_learn_calibration_curve():
    y_true, y_pred = predictions(2)
    assert run_metric(CalibrationError("y", "y_pred", n_bins=5), y_true, y_pred[:, 1:]) == pytest.approx(
        sklearn_ece(y_true, y_pred[:, 1], 5))
    y_true, y_pred = predictions(4)
    hits = (y_pred.argmax(-1) == y_true).astype(int)
    assert run_metric(CalibrationError("y", "y_pred"), y_true, y_pred) == pytest.approx(
        sklearn_ece(hits, y_pred.max(-1), 10))
