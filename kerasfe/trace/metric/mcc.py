"""MCC: Matthews correlation coefficient of the predicted classes."""
import numpy as np

from kerasfe.trace.metric.metric import LabelMetric


class MCC(LabelMetric):
    """The Matthews correlation coefficient (multi-class form), as `sklearn.metrics.matthews_corrcoef`.

    Args:
        true_key, pred_key: labels and predictions (see Accuracy).
        output_name: the key written.
        threshold: the decision threshold for one-score predictions.
        mode, ds_id: where it runs ("eval" and "test" by default).

    Example:
        >>> MCC("y", "y_pred").compute(np.array([0, 1, 1, 0]), np.array([0.1, 0.9, 0.8, 0.3]))
        1.0
    """

    def __init__(self, true_key, pred_key, output_name="mcc", threshold=0.5, mode=("eval", "test"), ds_id=None,
                 per_ds=True):
        super().__init__(true_key, pred_key, output_name, threshold=threshold, mode=mode, ds_id=ds_id, per_ds=per_ds)

    def from_matrix(self, matrix):
        matrix = matrix.astype("float64")
        actual, predicted, total = matrix.sum(axis=1), matrix.sum(axis=0), matrix.sum()
        covariance = np.trace(matrix) * total - actual @ predicted
        denominator = np.sqrt((total ** 2 - predicted @ predicted) * (total ** 2 - actual @ actual))
        return float(covariance / denominator) if denominator > 0 else 0.0
