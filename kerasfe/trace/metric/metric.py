"""The base of metric Traces: collect labels and predictions over an epoch, compute with numpy at its end."""
import numpy as np

from kerasfe.trace.trace import Trace


class Metric(Trace):
    """Collects `true_key` and `pred_key` of every batch of an epoch and logs `compute(y_true, y_pred)`.

    Subclasses define `compute`, and `direction`: "max" when a larger value is better (the default), "min"
    when a smaller one is, None for results that are not scores (Keras callbacks in mode "auto" read it
    through `monitor_direction`). Metrics run in "eval" and "test" by default.

    Args:
        true_key: the key of the labels (class ids, or one-hot / masks).
        pred_key: the key of the predictions (probabilities or scores).
        output_name: the key the result is written to (with log).
        mode, ds_id: where it runs (see Trace).
        per_ds: with several data sets in a mode (`eval_data={"a": ..., "b": ...}`), log the metric of each one
            (as `output_name|ds_id`) besides the metric over all of them (as `output_name`), as FastEstimator does;
            False logs only the metric over all of them. With one data set there is just the one value.

    Example:
        >>> class MeanError(Metric):
        ...     direction = "min"
        ...     def compute(self, y_true, y_pred):
        ...         return float(np.mean(np.abs(y_true - y_pred)))
        >>> MeanError("y", "y_pred", "mae").compute(np.array([1.0, 2.0]), np.array([1.5, 2.0]))
        0.25
        >>> MeanError("y", "y_pred", "mae").monitor_direction("mae")
        'min'
    """

    direction = "max"

    def __init__(self, true_key, pred_key, output_name, mode=("eval", "test"), ds_id=None, per_ds=True):
        super().__init__(inputs=[true_key, pred_key], outputs=output_name, mode=mode, ds_id=ds_id)
        self.per_ds = per_ds
        self._true, self._pred = [], []
        self._all_true, self._all_pred = [], []  # over every data set of the mode's epoch

    @property
    def true_key(self):
        return self.inputs[0]

    @property
    def pred_key(self):
        return self.inputs[1]

    def on_epoch_begin(self, data):
        if self._data_sets()[0] == getattr(self.system, "ds_id", None):
            self._all_true, self._all_pred = [], []
        self._true, self._pred = [], []

    def on_batch_end(self, data):
        self._true.append(np.asarray(data[self.inputs[0]]))
        self._pred.append(np.asarray(data[self.inputs[1]]))

    def on_epoch_end(self, data):
        data_sets = self._data_sets()
        if len(data_sets) == 1:
            self.write_result(data, data.write_with_log, self._true, self._pred)
            return
        if self.per_ds:
            self.write_result(data, data.write_with_log, self._true, self._pred)
        self._all_true += self._true
        self._all_pred += self._pred
        if self.system.ds_id == data_sets[-1]:
            self.write_result(data, data.write_overall_log, self._all_true, self._all_pred)

    def write_result(self, data, write, true, pred):
        """Writes (with `write`) the metric of the collected batches `true` and `pred`."""
        write(self.outputs[0], self.compute(np.concatenate(true), np.concatenate(pred)))

    def _data_sets(self):
        """The data sets of the current mode this metric runs on, in order."""
        system = self.system
        if system is None:  # hooks called by hand, outside a loop
            return [None]
        return [ds_id for ds_id in system.mode_ds_ids if ds_id is None or self.should_run(system.mode, ds_id)] or [None]

    def monitor_direction(self, key):
        return self.direction if key in self.outputs else None

    def compute(self, y_true, y_pred):
        """The metric of an epoch's labels and predictions (numpy arrays)."""
        raise NotImplementedError(f"{self.describe()} must implement compute(y_true, y_pred)")


def to_labels(y_true, y_pred, threshold=0.5):
    """Class ids from labels (ids or one-hot) and predictions (class scores: argmax; one score: > threshold).

    Example:
        >>> to_labels(np.array([[0, 1], [1, 0]]), np.array([[0.2, 0.8], [0.3, 0.7]]))
        (array([1, 0]), array([1, 1]))
    """
    y_pred = np.asarray(y_pred)
    if y_pred.ndim > 1 and y_pred.shape[-1] > 1:
        pred = np.argmax(y_pred, axis=-1).reshape(-1)
    else:
        pred = (y_pred.reshape(-1) > threshold).astype("int64")
    y_true = np.asarray(y_true)
    if y_true.ndim > 1 and y_true.shape[-1] > 1:
        true = np.argmax(y_true, axis=-1).reshape(-1)
    else:
        true = y_true.reshape(-1).astype("int64")
    return true, pred


def confusion_matrix(true, pred, labels):
    """The confusion matrix (rows: true, columns: predicted) over `labels`, in their order.

    Example:
        >>> confusion_matrix(np.array([0, 1, 1]), np.array([0, 1, 0]), labels=np.array([0, 1]))
        array([[1, 0],
               [1, 1]])
    """
    index = {label: i for i, label in enumerate(labels.tolist())}
    matrix = np.zeros((len(labels), len(labels)), dtype="int64")
    np.add.at(matrix, ([index[t] for t in true.tolist()], [index[p] for p in pred.tolist()]), 1)
    return matrix


class LabelMetric(Metric):
    """A metric of the confusion matrix of class ids (over the labels that occur in the epoch).

    Example:
        >>> class Errors(LabelMetric):
        ...     def from_matrix(self, matrix):
        ...         return int(matrix.sum() - np.trace(matrix))
        >>> Errors("y", "y_pred", "errors").compute(np.array([0, 1]), np.array([[0.9, 0.1], [0.8, 0.2]]))
        1
    """

    def __init__(self, true_key, pred_key, output_name, threshold=0.5, mode=("eval", "test"), ds_id=None,
                 per_ds=True):
        super().__init__(true_key, pred_key, output_name, mode=mode, ds_id=ds_id, per_ds=per_ds)
        self.threshold = threshold

    def compute(self, y_true, y_pred):
        true, pred = to_labels(y_true, y_pred, self.threshold)
        return self.from_matrix(confusion_matrix(true, pred, self.labels(true, pred)))

    def labels(self, true, pred):
        """The class ids the matrix covers."""
        return np.union1d(true, pred)

    def from_matrix(self, matrix):
        """The metric of the confusion matrix."""
        raise NotImplementedError(f"{self.describe()} must implement from_matrix(matrix)")
