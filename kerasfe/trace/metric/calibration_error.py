"""CalibrationError: how far predicted confidences are from observed frequencies."""
import numpy as np
from scipy.stats import bootstrap

from kerasfe.errors import ConfigError
from kerasfe.summary.summary import ValWithError
from kerasfe.trace.metric.metric import Metric


def expected_calibration_error(hits, confidence, n_bins):
    """Sum over equal-width bins of (bin size / n) * |mean hit - mean confidence|.

    Example:
        >>> expected_calibration_error(np.array([1, 0]), np.array([0.9, 0.9]), n_bins=10)
        0.4
    """
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    bins = np.searchsorted(edges[1:-1], confidence)
    total = 0.0
    for b in np.unique(bins):
        inside = bins == b
        total += inside.sum() * abs(hits[inside].mean() - confidence[inside].mean())
    return float(round(total / len(hits), 12))


def calibration_error(true, probabilities, n_bins, method):
    """The calibration error of class ids `true` (n,) for `probabilities` (n, classes), or (n, 1) for the
    probability of the positive class. "top-label": the top class's probability against whether the top class is
    right; "marginal": the mean over classes of each class's probability against whether the sample is of that
    class (one probability: the positive class's, either way).

    Example:
        >>> probabilities = np.array([[0.8, 0.2], [0.6, 0.4]])
        >>> calibration_error(np.array([0, 1]), probabilities, 10, "top-label")  # bins 0.8: 1 vs 0.8, 0.6: 0 vs 0.6
        0.4
        >>> calibration_error(np.array([0, 1]), probabilities, 10, "marginal")
        0.4
    """
    if probabilities.shape[1] == 1:
        return expected_calibration_error(true.astype("float64"), probabilities[:, 0], n_bins)
    if method == "top-label":
        hits = (np.argmax(probabilities, -1) == true).astype("float64")
        return expected_calibration_error(hits, probabilities.max(-1), n_bins)
    return float(round(np.mean([expected_calibration_error((true == k).astype("float64"), probabilities[:, k], n_bins)
                                for k in range(probabilities.shape[1])]), 12))


class CalibrationError(Metric):
    """Expected calibration error over `n_bins` equal-width bins, as FastEstimator's CalibrationError.

    With one probability per sample it compares the positive-class probability with the label (the bins of
    `sklearn.calibration.calibration_curve`). With class probabilities, `method="marginal"` averages each
    class's calibration error (class probability against "is of that class"), `method="top-label"` compares
    the top class's probability with whether the top class is right. `confidence_interval=95` also estimates a
    95% interval by bootstrap resampling of the epoch's samples (`scipy.stats.bootstrap`, percentile method,
    seeded), and logs a `ValWithError(low, error, high)`.

    Args:
        true_key: class ids or one-hot labels.
        pred_key: probabilities.
        mode, ds_id: where it runs ("eval" and "test" by default).
        output_name: the key written.
        method: "marginal" (FastEstimator's default) or "top-label".
        confidence_interval: None, or the interval's percentage, in (0, 100).
        per_ds: log each data set's error besides the one over all of them (see Metric).
        n_bins: how many bins split [0, 1].

    Example:
        >>> y, p = np.array([1, 1, 0, 0]), np.array([0.9, 0.9, 0.1, 0.1])
        >>> CalibrationError("y", "y_pred").compute(y, p)
        0.1
        >>> np.round(CalibrationError("y", "y_pred", confidence_interval=90).compute(y, p).as_tuple(), 4)
        array([0.1, 0.1, 0.1])
    """

    direction = "min"

    def __init__(self, true_key, pred_key, mode=("eval", "test"), ds_id=None, output_name="calibration_error",
                 method="marginal", confidence_interval=None, per_ds=True, n_bins=10):
        if method not in ("marginal", "top-label"):
            raise ConfigError(f"CalibrationError: method must be 'marginal' or 'top-label', got {method!r}")
        if confidence_interval is not None and not 0 < confidence_interval < 100:
            raise ConfigError(f"CalibrationError: confidence_interval must be in (0, 100) (a percentage) or None, "
                              f"got {confidence_interval!r}")
        super().__init__(true_key, pred_key, output_name, mode=mode, ds_id=ds_id, per_ds=per_ds)
        self.method, self.confidence_interval, self.n_bins = method, confidence_interval, n_bins

    def compute(self, y_true, y_pred):
        probabilities = y_pred.reshape(len(y_pred), -1).astype("float64")
        true = np.argmax(y_true, -1) if y_true.ndim > 1 and y_true.shape[-1] > 1 else y_true.reshape(-1)
        error = calibration_error(true, probabilities, self.n_bins, self.method)
        if self.confidence_interval is None:
            return error
        interval = bootstrap((np.arange(len(true)),),
                             lambda rows: calibration_error(true[rows], probabilities[rows], self.n_bins, self.method),
                             vectorized=False, confidence_level=self.confidence_interval / 100, n_resamples=999,
                             method="percentile", random_state=np.random.default_rng(0)).confidence_interval
        return ValWithError(round(float(interval.low), 4), round(error, 4), round(float(interval.high), 4))
