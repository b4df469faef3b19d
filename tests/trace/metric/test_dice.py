import numpy as np
import pytest
from sklearn import metrics

from kerasfe.trace.metric import Dice
from tests.trace.metric.helpers import run_metric


def test_dice_is_the_mean_per_sample_f1_of_the_masks():
    rng = np.random.default_rng(1)
    masks, probabilities = rng.integers(0, 2, (40, 8, 8, 1)), rng.random((40, 8, 8, 1))
    expected = np.mean([metrics.f1_score(m.reshape(-1), p.reshape(-1) > 0.5) for m, p in zip(masks, probabilities)])
    assert run_metric(Dice("y", "y_pred"), masks, probabilities) == pytest.approx(expected)
