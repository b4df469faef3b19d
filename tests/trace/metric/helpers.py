"""Predictions and a batch-by-batch run shared by the metric tests."""
import numpy as np

from kerasfe.trace import Data


def predictions(classes, samples=200, seed=0):
    """`samples` labels of `classes` classes and softmax scores that favour the true class."""
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, classes, samples)
    logits = rng.normal(size=(samples, classes)) + 1.5 * np.eye(classes)[y_true]
    return y_true, np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)


def run_metric(metric, y_true, y_pred, batch=32, all_logs=False):
    """Feeds the metric batch by batch, as the loop does, and returns what it logs (its first output, or with
    `all_logs` every logged key)."""
    metric.on_epoch_begin(Data())
    for start in range(0, len(y_true), batch):
        metric.on_batch_end(Data({"y": y_true[start:start + batch], "y_pred": y_pred[start:start + batch]}))
    data = Data()
    metric.on_epoch_end(data)
    return dict(data.logs) if all_logs else data.logs[metric.outputs[0]]
