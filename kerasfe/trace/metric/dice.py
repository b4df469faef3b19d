"""Dice: the overlap of predicted and true masks."""
import numpy as np

from kerasfe.trace.metric.metric import Metric


class Dice(Metric):
    """The mean over samples of 2|A∩B| / (|A| + |B|), A the true mask and B the predicted one (> threshold).

    Two empty masks score 1.

    Args:
        true_key: binary masks, one per sample.
        pred_key: mask probabilities of the same shape.
        output_name: the key written.
        threshold: pixels above it are predicted foreground.
        mode, ds_id: where it runs ("eval" and "test" by default).

    Example:
        >>> Dice("mask", "pred").compute(np.array([[1, 1, 0, 0]]), np.array([[0.9, 0.2, 0.7, 0.1]]))
        0.5
    """

    def __init__(self, true_key, pred_key, output_name="dice", threshold=0.5, mode=("eval", "test"), ds_id=None,
                 per_ds=True):
        super().__init__(true_key, pred_key, output_name, mode=mode, ds_id=ds_id, per_ds=per_ds)
        self.threshold = threshold

    def compute(self, y_true, y_pred):
        true = y_true.reshape(len(y_true), -1) > 0.5
        pred = y_pred.reshape(len(y_pred), -1) > self.threshold
        overlap = 2.0 * np.sum(true & pred, axis=1)
        sizes = np.sum(true, axis=1) + np.sum(pred, axis=1)
        scores = np.where(sizes > 0, overlap / np.maximum(sizes, 1), 1.0)
        return float(np.mean(scores))
