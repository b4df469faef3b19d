"""AUCScore: area under the ROC curve."""
import numpy as np

from kerasfe.errors import ConfigError
from kerasfe.trace.metric.metric import Metric


def binary_auc(true, score):
    """The ROC AUC of binary labels and scores: the probability that a positive outranks a negative
    (ties count half), from average ranks.

    Example:
        >>> binary_auc(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8]))
        0.75
    """
    order = np.argsort(score, kind="mergesort")
    sorted_score = score[order]
    ranks = np.empty(len(score), dtype="float64")
    _, first, counts = np.unique(sorted_score, return_index=True, return_counts=True)
    ranks[order] = np.repeat(first + (counts + 1) / 2.0, counts)
    positives = true.astype(bool)
    n_pos, n_neg = positives.sum(), (~positives).sum()
    if n_pos == 0 or n_neg == 0:
        raise ConfigError("AUCScore: the epoch's labels hold a single class; ROC AUC is undefined")
    return float((ranks[positives].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


class AUCScore(Metric):
    """ROC AUC, as `sklearn.metrics.roc_auc_score`: binary (one score, or the class-1 column of two), or
    one-vs-rest for more classes, averaged "macro" or "weighted" (by class frequency).

    Args:
        true_key: class ids or one-hot labels.
        pred_key: scores / probabilities.
        output_name: the key written.
        average: "macro" or "weighted" (multi-class only).
        mode, ds_id: where it runs ("eval" and "test" by default).

    Example:
        >>> AUCScore("y", "y_pred").compute(np.array([0, 1, 1]), np.array([0.2, 0.9, 0.1]))
        0.5
    """

    def __init__(self, true_key, pred_key, output_name="auc", average="macro", mode=("eval", "test"), ds_id=None):
        super().__init__(true_key, pred_key, output_name, mode=mode, ds_id=ds_id)
        if average not in ("macro", "weighted"):
            raise ConfigError(f"AUCScore: average must be 'macro' or 'weighted'; got {average!r}")
        self.average = average

    def compute(self, y_true, y_pred):
        scores = y_pred.reshape(len(y_pred), -1).astype("float64")
        true = np.argmax(y_true, -1) if y_true.ndim > 1 and y_true.shape[-1] > 1 else y_true.reshape(-1)
        if scores.shape[1] <= 2:
            return binary_auc(true, scores[:, -1])
        classes = np.arange(scores.shape[1])
        aucs = np.array([binary_auc(true == c, scores[:, c]) for c in classes])
        weights = np.ones(len(classes)) if self.average == "macro" else np.bincount(true, minlength=len(classes))
        return float(np.sum(aucs * weights) / np.sum(weights))
