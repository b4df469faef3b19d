"""BleuScore: corpus BLEU of predicted token sequences against their references (nltk, as FastEstimator)."""
import numpy as np
from nltk.translate.bleu_score import SmoothingFunction, corpus_bleu, sentence_bleu

from kerasfe.errors import ConfigError
from kerasfe.trace.metric.metric import Metric


def to_tokens(sequence):
    """The tokens of one sequence of ids as strings, padding (0) dropped.

    Example:
        >>> to_tokens(np.array([5, 3, 0, 0]))
        ['5', '3']
    """
    return [str(token) for token in np.asarray(sequence).reshape(-1).tolist() if token != 0]


class BleuScore(Metric):
    """Corpus BLEU (Papineni et al. 2002) up to `n_gram`-grams, uniform weights, smoothed by Chen & Cherry's
    method 4, over the epoch, as FastEstimator's BleuScore; each sentence's BLEU is a per-instance log.

    Sequences are token ids, 0 is padding; one-hot / score sequences (batch, length, vocab) are argmax-ed.

    Args:
        true_key: the reference sequences (batch, length) or (batch, length, vocab).
        pred_key: the predicted sequences, same layouts.
        mode, ds_id: where it runs ("eval" and "test" by default).
        output_name: the key written.
        n_gram: the largest n-gram order (4: BLEU-4).
        per_ds: with several data sets in the mode, also log each one's value (`key|ds_id`) besides the value
            over all of them (see Metric).

    Example:
        >>> trace = BleuScore("y", "y_pred", n_gram=2)
        >>> round(trace.compute([np.array([[4, 5, 6, 7, 0]])], [np.array([[4, 5, 6, 7, 0]])]), 6)
        1.0
    """

    def __init__(self, true_key, pred_key, mode=("eval", "test"), ds_id=None, output_name="bleu_score", n_gram=4,
                 per_ds=True):
        super().__init__(true_key, pred_key, output_name, mode=mode, ds_id=ds_id, per_ds=per_ds)
        if not isinstance(n_gram, int) or n_gram <= 0:
            raise ConfigError(f"BleuScore({output_name!r}): n_gram must be a positive int, got {n_gram!r}.")
        self.n_gram = n_gram
        self.weights = (1 / n_gram,) * n_gram
        self.smoothing_function = SmoothingFunction().method4

    def on_batch_end(self, data):
        references, hypotheses = self.sentences(data[self.true_key], data[self.pred_key])
        self._true.extend(references)
        self._pred.extend(hypotheses)
        data.write_per_instance_log(self.outputs[0], np.array(
            [sentence_bleu(ref, hyp, self.weights, self.smoothing_function) for ref, hyp in zip(references,
                                                                                              hypotheses)]))

    def write_result(self, data, write, true, pred):
        write(self.outputs[0], round(self.corpus_score(true, pred), 5))

    def sentences(self, y_true, y_pred):
        """(references: one list of tokens per sample, wrapped in a list; hypotheses: tokens per sample)."""
        y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
        if y_true.ndim > 2 and y_true.shape[-1] > 1:
            y_true = np.argmax(y_true, axis=-1)
        if y_pred.ndim > 2 and y_pred.shape[-1] > 1:
            y_pred = np.argmax(y_pred, axis=-1)
        return [[to_tokens(row)] for row in y_true], [to_tokens(row) for row in y_pred]

    def corpus_score(self, references, hypotheses):
        """The corpus BLEU of tokenised references (a list of lists per sample) and hypotheses."""
        return float(corpus_bleu(references, hypotheses, self.weights, self.smoothing_function))

    def compute(self, true_batches, pred_batches):
        """The corpus BLEU of lists of reference and prediction batches."""
        references, hypotheses = [], []
        for y_true, y_pred in zip(true_batches, pred_batches):
            refs, hyps = self.sentences(y_true, y_pred)
            references.extend(refs)
            hypotheses.extend(hyps)
        return self.corpus_score(references, hypotheses)
