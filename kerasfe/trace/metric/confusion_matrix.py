"""ConfusionMatrix: counts of (true class, predicted class) pairs."""
import numpy as np

from kerasfe.trace.metric.metric import LabelMetric


class ConfusionMatrix(LabelMetric):
    """The confusion matrix (rows: true class, columns: predicted), as `sklearn.metrics.confusion_matrix`.

    Args:
        true_key, pred_key: labels and predictions (see Accuracy).
        num_classes: the matrix covers classes 0..num_classes-1 (None: the classes that occur).
        output_name: the key written.
        threshold: the decision threshold for one-score predictions.
        mode, ds_id: where it runs ("eval" and "test" by default).

    Example:
        >>> ConfusionMatrix("y", "y_pred", num_classes=3).compute(np.array([0, 2]), np.array([[0.9, 0.1, 0.0],
        ...                                                                                 [0.1, 0.6, 0.3]]))
        array([[1, 0, 0],
               [0, 0, 0],
               [0, 1, 0]])
    """

    direction = None  # a matrix, not a score

    def __init__(self, true_key, pred_key, num_classes=None, output_name="confusion_matrix", threshold=0.5,
                 mode=("eval", "test"), ds_id=None, per_ds=True):
        super().__init__(true_key, pred_key, output_name, threshold=threshold, mode=mode, ds_id=ds_id, per_ds=per_ds)
        self.num_classes = num_classes

    def labels(self, true, pred):
        return super().labels(true, pred) if self.num_classes is None else np.arange(self.num_classes)

    def from_matrix(self, matrix):
        return matrix
