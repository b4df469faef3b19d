import numpy as np
import pytest
from sklearn import calibration

from kerasfe import errors as fe_errors
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
    assert run_metric(CalibrationError("y", "y_pred", method="top-label"), y_true, y_pred) == pytest.approx(
        sklearn_ece(hits, y_pred.max(-1), 10))


def test_marginal_is_the_mean_of_each_class_calibration_curve_error():
    y_true, y_pred = predictions(4)
    expected = np.mean([sklearn_ece((y_true == k).astype(int), y_pred[:, k], 10) for k in range(4)])
    assert run_metric(CalibrationError("y", "y_pred", method="marginal"), y_true, y_pred) == pytest.approx(expected)
    top_label = run_metric(CalibrationError("y", "y_pred", method="top-label"), y_true, y_pred)
    assert top_label != pytest.approx(expected)


def test_confidence_interval_is_a_bootstrap_percentile_interval_around_the_error():
    y_true, y_pred = predictions(3)
    result = run_metric(CalibrationError("y", "y_pred", confidence_interval=95), y_true, y_pred)
    error = run_metric(CalibrationError("y", "y_pred"), y_true, y_pred)
    rng, resampled = np.random.default_rng(1), []
    for _ in range(400):  # an independent bootstrap of the same statistic
        rows = rng.integers(0, len(y_true), len(y_true))
        resampled.append(np.mean([sklearn_ece((y_true[rows] == k).astype(int), y_pred[rows, k], 10)
                                  for k in range(3)]))
    low, high = np.percentile(resampled, [2.5, 97.5])
    assert result.y == pytest.approx(error, abs=1e-4)
    assert result.y_min < result.y < result.y_max
    assert result.y_min == pytest.approx(low, abs=0.02) and result.y_max == pytest.approx(high, abs=0.02)


@pytest.mark.parametrize("arguments, message", [({"method": "top"}, "method must be"),
                                                ({"confidence_interval": 100}, r"confidence_interval must be in \(0, 100\)")])
def test_bad_method_or_interval_is_refused_with_the_allowed_values(arguments, message):
    with pytest.raises(fe_errors.ConfigError, match=message):
        CalibrationError("y", "y_pred", **arguments)
