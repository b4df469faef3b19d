"""Precision, Recall and F1Score: per-class rates of the confusion matrix, averaged like scikit-learn."""
import numpy as np

from kerasfe.errors import ConfigError
from kerasfe.trace.metric.metric import LabelMetric

AVERAGES = ("auto", "binary", "macro", "micro", "weighted", None)


class _ClassRate(LabelMetric):
    """A per-class rate, averaged: "binary" (class 1), "macro", "micro", "weighted" or None (per class); "auto"
    (FastEstimator's choice): "binary" for one score per sample, else None."""

    def __init__(self, true_key, pred_key, output_name, average="auto", threshold=0.5, mode=("eval", "test"),
                 ds_id=None, per_ds=True):
        super().__init__(true_key, pred_key, output_name, threshold=threshold, mode=mode, ds_id=ds_id, per_ds=per_ds)
        if average not in AVERAGES:
            raise ConfigError(f"{self.describe()}: average must be one of {AVERAGES}; got {average!r}")
        self.average = average
        self._resolved = average

    def compute(self, y_true, y_pred):
        one_score = np.ndim(y_pred) <= 1 or np.shape(y_pred)[-1] == 1
        self._resolved = ("binary" if one_score else None) if self.average == "auto" else self.average
        return super().compute(y_true, y_pred)

    def labels(self, true, pred):
        return np.array([0, 1]) if self._resolved == "binary" else np.union1d(true, pred)

    def from_matrix(self, matrix):
        tp = np.diag(matrix).astype("float64")
        if self._resolved == "micro":
            tp, predicted, actual = tp.sum(), matrix.sum(), matrix.sum()
        else:
            predicted, actual = matrix.sum(axis=0).astype("float64"), matrix.sum(axis=1).astype("float64")
        precision, recall = _ratio(tp, predicted), _ratio(tp, actual)
        score = self.rate(precision, recall)
        if self._resolved == "binary":
            return float(score[1])
        if self._resolved in ("macro", "micro"):
            return float(np.mean(score))
        if self._resolved == "weighted":
            return float(np.sum(score * actual) / np.sum(actual))
        return score

    def rate(self, precision, recall):
        """The per-class score from per-class precision and recall."""
        raise NotImplementedError


def _ratio(numerator, denominator):
    return np.divide(numerator, denominator, out=np.zeros_like(np.asarray(numerator, "float64")),
                     where=np.asarray(denominator) > 0)


class Precision(_ClassRate):
    """Precision (true positives over predicted positives), as `sklearn.metrics.precision_score`.

    Args:
        true_key, pred_key: labels and predictions (see Accuracy).
        output_name: the key written.
        average: "auto" (as FastEstimator: "binary" when the predictions are one score per sample, else None),
            "binary" (class 1), "macro", "micro", "weighted", or None (an array, one per class).
        threshold: the decision threshold for one-score predictions.
        mode, ds_id: where it runs ("eval" and "test" by default).

    Example:
        >>> Precision("y", "y_pred").compute(np.array([0, 1, 1]), np.array([0.9, 0.8, 0.2]))
        0.5
        >>> Precision("y", "y_pred").compute(np.array([0, 1, 2]), np.eye(3)[[0, 1, 1]]).tolist()
        [1.0, 0.5, 0.0]
    """

    def __init__(self, true_key, pred_key, output_name="precision", average="auto", threshold=0.5,
                 mode=("eval", "test"), ds_id=None, per_ds=True):
        super().__init__(true_key, pred_key, output_name, average, threshold, mode, ds_id, per_ds)

    def rate(self, precision, recall):
        return precision


class Recall(_ClassRate):
    """Recall (true positives over actual positives), as `sklearn.metrics.recall_score`.

    Args: as Precision.

    Example:
        >>> Recall("y", "y_pred", average="binary").compute(np.array([0, 1, 1]), np.array([0.9, 0.8, 0.2]))
        0.5
    """

    def __init__(self, true_key, pred_key, output_name="recall", average="auto", threshold=0.5,
                 mode=("eval", "test"), ds_id=None, per_ds=True):
        super().__init__(true_key, pred_key, output_name, average, threshold, mode, ds_id, per_ds)

    def rate(self, precision, recall):
        return recall


class F1Score(_ClassRate):
    """F1 (the harmonic mean of precision and recall), as `sklearn.metrics.f1_score`.

    Args: as Precision.

    Example:
        >>> F1Score("y", "y_pred", average="binary").compute(np.array([0, 1, 1]), np.array([0.1, 0.8, 0.9]))
        1.0
    """

    def __init__(self, true_key, pred_key, output_name="f1_score", average="auto", threshold=0.5,
                 mode=("eval", "test"), ds_id=None, per_ds=True):
        super().__init__(true_key, pred_key, output_name, average, threshold, mode, ds_id, per_ds)

    def rate(self, precision, recall):
        return _ratio(2 * precision * recall, precision + recall)
