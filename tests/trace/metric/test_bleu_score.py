"""BleuScore against a hand-written corpus BLEU oracle and nltk's corpus_bleu on the token strings."""
import math
from collections import Counter

import numpy as np
import pytest
from nltk.translate.bleu_score import SmoothingFunction, corpus_bleu

from kerasfe.errors import ConfigError
from kerasfe.trace.metric import BleuScore


def oracle_bleu(references, hypotheses, n_gram):
    """Papineni et al.'s corpus BLEU: clipped n-gram precisions, brevity penalty, geometric mean."""
    matches, totals = Counter(), Counter()
    ref_len = hyp_len = 0
    for ref, hyp in zip(references, hypotheses):
        for n in range(1, n_gram + 1):
            ref_counts = Counter(tuple(ref[i:i + n]) for i in range(len(ref) - n + 1))
            hyp_counts = Counter(tuple(hyp[i:i + n]) for i in range(len(hyp) - n + 1))
            matches[n] += sum(min(count, ref_counts[gram]) for gram, count in hyp_counts.items())
            totals[n] += max(1, len(hyp) - n + 1)
        ref_len, hyp_len = ref_len + len(ref), hyp_len + len(hyp)
    penalty = 1.0 if hyp_len > ref_len else math.exp(1 - ref_len / hyp_len)
    return penalty * math.exp(sum(math.log(matches[n] / totals[n]) for n in range(1, n_gram + 1)) / n_gram)


def test_matches_the_corpus_bleu_oracle_with_padding_and_one_hot():
    y_true = np.array([[3, 4, 5, 6, 7, 0], [8, 9, 3, 4, 0, 0]])
    y_pred = np.array([[3, 4, 5, 7, 0, 0], [8, 9, 3, 4, 5, 0]])
    one_hot = np.eye(10)[y_pred]
    trace = BleuScore("y", "y_pred", n_gram=2)
    expected = oracle_bleu([[3, 4, 5, 6, 7], [8, 9, 3, 4]], [[3, 4, 5, 7], [8, 9, 3, 4, 5]], 2)
    assert trace.compute([y_true[:1], y_true[1:]], [one_hot[:1], one_hot[1:]]) == pytest.approx(expected)


def test_logs_nltk_corpus_bleu_and_sentence_scores_over_an_epoch():
    rng = np.random.default_rng(0)
    y_true = rng.integers(1, 6, (6, 9))
    y_pred = np.where(rng.uniform(size=(6, 9)) < 0.7, y_true, rng.integers(0, 6, (6, 9)))
    trace, logged = BleuScore("y", "y_pred"), {}

    class Recorder(dict):
        def write_with_log(self, key, value):
            logged[key] = value

        def write_per_instance_log(self, key, value):
            logged.setdefault("per_instance", []).extend(value)

    trace.on_epoch_begin(Recorder())
    for start in (0, 3):
        trace.on_batch_end(Recorder(y=y_true[start:start + 3], y_pred=y_pred[start:start + 3]))
    trace.on_epoch_end(Recorder())
    references = [[[str(t) for t in row]] for row in y_true]
    hypotheses = [[str(t) for t in row if t != 0] for row in y_pred]
    assert logged["bleu_score"] == pytest.approx(
        corpus_bleu(references, hypotheses, smoothing_function=SmoothingFunction().method4), abs=1e-5)
    assert len(logged["per_instance"]) == 6


def test_n_gram_must_be_positive():
    with pytest.raises(ConfigError, match="n_gram"):
        BleuScore("y", "y_pred", n_gram=0)
