"""Precision, Recall and F1Score: per-class rates of the confusion matrix, averaged like scikit-learn."""
import numpy as np

from kerasfe.errors import ConfigError
from kerasfe.trace.metric.metric import LabelMetric

AVERAGES = ("binary", "macro", "micro", "weighted", None)


class _ClassRate(LabelMetric):
    """A per-class rate, averaged: "binary" (class 1), "macro", "micro", "weighted" or None (per class)."""

    def __init__(self, true_key, pred_key, output_name, average="macro", threshold=0.5, mode=("eval", "test"),
                 ds_id=None):
        super().__init__(true_key, pred_key, output_name, threshold=threshold, mode=mode, ds_id=ds_id)
        if average not in AVERAGES:
            raise ConfigError(f"{self.describe()}: average must be one of {AVERAGES}; got {average!r}")
        self.average = average

    def labels(self, true, pred):
        return np.array([0, 1]) if self.average == "binary" else np.union1d(true, pred)

    def from_matrix(self, matrix):
        tp = np.diag(matrix).astype("float64")
        if self.average == "micro":
            tp, predicted, actual = tp.sum(), matrix.sum(), matrix.sum()
        else:
            predicted, actual = matrix.sum(axis=0).astype("float64"), matrix.sum(axis=1).astype("float64")
        precision, recall = _ratio(tp, predicted), _ratio(tp, actual)
        score = self.rate(precision, recall)
        if self.average == "binary":
            return float(score[1])
        if self.average in ("macro", "micro"):
            return float(np.mean(score))
        if self.average == "weighted":
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
        average: "binary" (class 1), "macro", "micro", "weighted", or None (an array, one per class).
        threshold: the decision threshold for one-score predictions.
        mode, ds_id: where it runs ("eval" and "test" by default).

    Example:
        >>> Precision("y", "y_pred", average="binary").compute(np.array([0, 1, 1]), np.array([0.9, 0.8, 0.2]))
        0.5
    """

    def __init__(self, true_key, pred_key, output_name="precision", average="macro", threshold=0.5,
                 mode=("eval", "test"), ds_id=None):
        super().__init__(true_key, pred_key, output_name, average, threshold, mode, ds_id)

    def rate(self, precision, recall):
        return precision


class Recall(_ClassRate):
    """Recall (true positives over actual positives), as `sklearn.metrics.recall_score`.

    Args: as Precision.

    Example:
        >>> Recall("y", "y_pred", average="binary").compute(np.array([0, 1, 1]), np.array([0.9, 0.8, 0.2]))
        0.5
    """

    def __init__(self, true_key, pred_key, output_name="recall", average="macro", threshold=0.5,
                 mode=("eval", "test"), ds_id=None):
        super().__init__(true_key, pred_key, output_name, average, threshold, mode, ds_id)

    def rate(self, precision, recall):
        return recall


class F1Score(_ClassRate):
    """F1 (the harmonic mean of precision and recall), as `sklearn.metrics.f1_score`.

    Args: as Precision.

    Example:
        >>> F1Score("y", "y_pred", average="binary").compute(np.array([0, 1, 1]), np.array([0.1, 0.8, 0.9]))
        1.0
    """

    def __init__(self, true_key, pred_key, output_name="f1_score", average="macro", threshold=0.5,
                 mode=("eval", "test"), ds_id=None):
        super().__init__(true_key, pred_key, output_name, average, threshold, mode, ds_id)

    def rate(self, precision, recall):
        return _ratio(2 * precision * recall, precision + recall)
