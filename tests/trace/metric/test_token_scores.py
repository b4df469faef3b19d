import numpy as np
import pytest
from sklearn.metrics import accuracy_score, f1_score

from kerasfe.trace.metric import TokenScores
from tests.trace.metric.helpers import run_metric


def test_token_scores_leave_padding_out_and_match_scikit_learn():
    rng = np.random.default_rng(0)
    tags = rng.integers(0, 4, (40, 7))
    tags[:, 5:] = 4  # padding tag
    probabilities = rng.random((40, 7, 5))
    logged = run_metric(TokenScores("y", "y_pred", pad_id=4), tags, probabilities, batch=8, all_logs=True)
    real = tags != 4
    labels, predictions = tags[real], probabilities.argmax(-1)[real]
    assert logged["token_accuracy"] == pytest.approx(accuracy_score(labels, predictions))
    assert logged["token_f1"] == pytest.approx(f1_score(labels, predictions, average="macro", labels=[0, 1, 2, 3],
                                                        zero_division=0))
