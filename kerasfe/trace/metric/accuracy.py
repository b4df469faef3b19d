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
        from_logits: one-score predictions are logits: a sigmoid is applied before the threshold (class scores
            need none: their argmax is the same).

    Example:
        >>> Accuracy("y", "y_pred").compute(np.array([0, 1, 1]), np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]]))
        0.6666666666666666
        >>> Accuracy("y", "y_pred", from_logits=True).compute(np.array([0, 1]), np.array([[-2.0], [0.3]]))
        1.0
    """

    def __init__(self, true_key, pred_key, output_name="accuracy", threshold=0.5, mode=("eval", "test"), ds_id=None,
                 from_logits=False, per_ds=True):
        super().__init__(true_key, pred_key, output_name, threshold=threshold, mode=mode, ds_id=ds_id, per_ds=per_ds)
        self.from_logits = from_logits

    def compute(self, y_true, y_pred):
        y_pred = np.asarray(y_pred, dtype="float64")
        if self.from_logits and (y_pred.ndim < 2 or y_pred.shape[-1] == 1):
            y_pred = 1 / (1 + np.exp(-y_pred))
        return super().compute(y_true, y_pred)

    def from_matrix(self, matrix):
        return float(np.trace(matrix) / matrix.sum())
