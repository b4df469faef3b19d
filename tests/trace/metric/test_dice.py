import numpy as np
import pytest
from sklearn import metrics

from kerasfe.errors import DataError
from kerasfe.trace.metric import Dice
from tests.trace.metric.helpers import run_metric


def test_dice_is_the_mean_per_sample_f1_of_the_masks():
    rng = np.random.default_rng(1)
    masks, probabilities = rng.integers(0, 2, (40, 8, 8, 1)), rng.random((40, 8, 8, 1))
    expected = np.mean([metrics.f1_score(m.reshape(-1), p.reshape(-1) > 0.5) for m, p in zip(masks, probabilities)])
    assert run_metric(Dice("y", "y_pred"), masks, probabilities) == pytest.approx(expected)


def per_channel_oracle(masks, probabilities, threshold=0.5):
    """Each channel's per-sample F1 (scikit-learn), leaving out samples where the channel is empty in both."""
    scores = []
    for channel in range(masks.shape[-1]):
        true, pred = masks[..., channel].reshape(len(masks), -1), probabilities[..., channel].reshape(len(masks), -1)
        scores.append(np.array([metrics.f1_score(t, p > threshold) for t, p in zip(true, pred)
                                if t.any() or (p > threshold).any()]))
    return scores


def test_channels_are_scored_separately_and_excluded_mapped_and_given_a_std():
    rng = np.random.default_rng(2)
    masks = rng.integers(0, 2, (30, 6, 6, 3)) * (rng.random((30, 1, 1, 3)) > 0.3)  # some channels all empty
    probabilities = rng.random((30, 6, 6, 3)) * (masks.max(axis=(1, 2), keepdims=True) | (rng.random((30, 1, 1, 3)) > 0.5))
    oracle = per_channel_oracle(masks, probabilities)
    assert run_metric(Dice("y", "y_pred"), masks, probabilities) == pytest.approx(np.mean([s.mean() for s in oracle]))
    assert run_metric(Dice("y", "y_pred", exclude_channels=0), masks, probabilities) == pytest.approx(
        np.mean([oracle[1].mean(), oracle[2].mean()]))
    metric = Dice("y", "y_pred", channel_mapping={1: "lung", 2: "heart"}, exclude_channels=[0], include_std=True)
    data = run_metric(metric, masks, probabilities, all_logs=True)
    assert set(data) == {"dice", "dice_lung", "dice_heart"}
    assert data["dice_heart"].as_tuple() == pytest.approx(
        (oracle[2].mean() - oracle[2].std(), oracle[2].mean(), oracle[2].mean() + oracle[2].std()))
    std = np.mean([oracle[1].std(), oracle[2].std()])
    assert data["dice"].y == pytest.approx(np.mean([oracle[1].mean(), oracle[2].mean()]))
    assert data["dice"].y_max - data["dice"].y == pytest.approx(std)


def test_mask_overlap_false_keeps_only_each_pixels_top_channel():
    masks = np.array([[[[1, 0]], [[0, 1]]]])  # (1, 2, 1, 2): pixel 0 is class 0, pixel 1 class 1
    probabilities = np.array([[[[0.9, 0.6]], [[0.3, 0.8]]]])
    assert run_metric(Dice("y", "y_pred"), masks, probabilities) == pytest.approx((1.0 + 2 / 3) / 2)
    assert run_metric(Dice("y", "y_pred", mask_overlap=False), masks, probabilities) == pytest.approx(1.0)


def test_masks_without_a_channel_axis_or_out_of_range_are_refused():
    with pytest.raises(DataError, match=r"channels-last.*ExpandDims"):
        run_metric(Dice("y", "y_pred"), np.ones((4, 5)), np.ones((4, 5)))
    with pytest.raises(DataError, match=r"range \[-1.0, 2.0\]"):
        run_metric(Dice("y", "y_pred"), np.ones((2, 3, 1)), np.array([-1.0, 2.0, 0, 0, 0, 0]).reshape(2, 3, 1))
