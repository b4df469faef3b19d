"""CalibrationError: how far predicted confidences are from observed frequencies."""
import numpy as np

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


class CalibrationError(Metric):
    """Expected calibration error over `n_bins` equal-width bins.

    With one probability per sample it compares the positive-class probability with the label (the
    bins of `sklearn.calibration.calibration_curve`); with class probabilities it compares the top
    class's probability with whether the top class is right.

    Args:
        true_key: class ids or one-hot labels.
        pred_key: probabilities.
        output_name: the key written.
        n_bins: how many bins split [0, 1].
        mode, ds_id: where it runs ("eval" and "test" by default).

    Example:
        >>> CalibrationError("y", "y_pred").compute(np.array([1, 1, 0, 0]), np.array([0.9, 0.9, 0.1, 0.1]))
        0.1
    """

    direction = "min"

    def __init__(self, true_key, pred_key, output_name="calibration_error", n_bins=10, mode=("eval", "test"),
                 ds_id=None, per_ds=True):
        super().__init__(true_key, pred_key, output_name, mode=mode, ds_id=ds_id, per_ds=per_ds)
        self.n_bins = n_bins

    def compute(self, y_true, y_pred):
        probabilities = y_pred.reshape(len(y_pred), -1).astype("float64")
        true = np.argmax(y_true, -1) if y_true.ndim > 1 and y_true.shape[-1] > 1 else y_true.reshape(-1)
        if probabilities.shape[1] == 1:
            return expected_calibration_error(true.astype("float64"), probabilities[:, 0], self.n_bins)
        hits = (np.argmax(probabilities, -1) == true).astype("float64")
        return expected_calibration_error(hits, probabilities.max(-1), self.n_bins)
