"""TokenScores: per-token accuracy and macro F1 of a tagger, padding left out."""
import numpy as np
from sklearn.metrics import f1_score

from kerasfe.trace.metric.metric import Metric


class TokenScores(Metric):
    """Per-token accuracy and macro F1 (over the tags that occur in the labels) of tag probabilities
    (batch, tokens, tags) against tag ids (batch, tokens); tokens whose label is `pad_id` are left out. Logs
    `<prefix>accuracy` and `<prefix>f1` (by default token_accuracy and token_f1).

    Args:
        true_key: tag ids (batch, tokens).
        pred_key: tag probabilities (batch, tokens, tags).
        pad_id: the tag id of padding.
        output_prefix: what the two keys start with.
        mode, ds_id, per_ds: see Metric.

    Example:
        >>> scores = TokenScores(true_key="y", pred_key="y_pred", pad_id=2)
        >>> scores.results(np.array([[0, 1, 2]]), np.eye(3)[[[0, 0, 1]]])  # 2: padding
        {'token_accuracy': 0.5, 'token_f1': 0.3333333333333333}
    """

    def __init__(self, true_key, pred_key, pad_id, output_prefix="token_", mode=("eval", "test"), ds_id=None,
                 per_ds=True):
        super().__init__(true_key, pred_key, [f"{output_prefix}accuracy", f"{output_prefix}f1"], mode=mode,
                         ds_id=ds_id, per_ds=per_ds)
        self.pad_id = pad_id

    def write_result(self, data, write, true, pred):
        for key, value in self.results(np.concatenate(true), np.concatenate(pred)).items():
            write(key, value)

    def compute(self, y_true, y_pred):
        return self.results(y_true, y_pred)[self.outputs[0]]

    def results(self, y_true, y_pred):
        """{accuracy key: value, f1 key: value} of the real (non-padding) tokens."""
        labels, predictions = y_true.reshape(-1), y_pred.argmax(-1).reshape(-1)
        real = labels != self.pad_id
        labels, predictions = labels[real], predictions[real]
        f1 = f1_score(labels, predictions, average="macro", labels=np.unique(labels), zero_division=0)
        return {self.outputs[0]: float(np.mean(labels == predictions)), self.outputs[1]: float(f1)}
