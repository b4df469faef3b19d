"""Accuracy: the fraction of samples whose predicted class is the true one."""
import numpy as np

from kerasfe.trace.metric.metric import LabelMetric


class Accuracy(LabelMetric):
    """The fraction of correctly classified samples over the epoch.

    Args:
        true_key: class ids or one-hot labels.
        pred_key: class scores (argmax taken) or one score per sample (> `threshold` is class 1).
        output_name: the key written.
        threshold: the decision threshold for one-score predictions.
        mode, ds_id: where it runs ("eval" and "test" by default).

    Example:
        >>> Accuracy("y", "y_pred").compute(np.array([0, 1, 1]), np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]]))
        0.6666666666666666
    """

    def __init__(self, true_key, pred_key, output_name="accuracy", threshold=0.5, mode=("eval", "test"), ds_id=None):
        super().__init__(true_key, pred_key, output_name, threshold=threshold, mode=mode, ds_id=ds_id)

    def from_matrix(self, matrix):
        return float(np.trace(matrix) / matrix.sum())
