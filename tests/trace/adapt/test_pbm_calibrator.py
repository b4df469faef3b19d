"""PBMCalibrator against a numpy / scipy oracle of Platt scaling followed by equal-mass binning."""
import pickle

import numpy as np
import pytest
from scipy.optimize import minimize

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop.univariate import Calibrate
from kerasfe.trace.adapt import PBMCalibrator


def oracle_calibration(probs, labels, num_bins=10):
    out = np.zeros_like(probs)
    for c in range(probs.shape[1]):
        logit = np.log(np.clip(probs[:, c], 1e-12, 1 - 1e-12) / (1 - np.clip(probs[:, c], 1e-12, 1 - 1e-12)))
        target = (labels == c).astype("float64")

        def loss(params):
            z = logit * params[0] + params[1]
            return np.sum(np.logaddexp(0, z) - target * z)

        coef, intercept = minimize(loss, np.array([1.0, 0.0]), method="BFGS", options={"gtol": 1e-10}).x
        scaled = 1 / (1 + np.exp(-(logit * coef + intercept)))
        chunks = np.array_split(np.sort(scaled), num_bins)
        edges = sorted({(chunks[i][-1] + chunks[i + 1][0]) / 2 for i in range(num_bins - 1)} | {1.0})
        which = np.searchsorted(edges, scaled)
        means = np.array([scaled[which == b].mean() for b in range(len(edges))])
        out[:, c] = means[which]
    return out


def run_epoch(trace, y_true, y_pred, extra=None):
    data = {}
    trace.on_epoch_begin(data)
    for start in range(0, len(y_true), 50):
        trace.on_batch_end({"y": y_true[start:start + 50], "y_pred": y_pred[start:start + 50]})

    class Recorder(dict):
        def write_without_log(self, key, value):
            data[key] = value

    trace.on_epoch_end(Recorder(extra or {}))
    return data


def test_calibrated_predictions_match_the_oracle_and_the_saved_calibrator(tmp_path):
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, 300)
    logits = rng.normal(size=(300, 3)) + 2.0 * np.eye(3)[labels]
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    path = tmp_path / "calibrator.pkl"
    trace = PBMCalibrator("y", "y_pred", save_path=str(path))
    data = run_epoch(trace, np.eye(3)[labels], probs)
    np.testing.assert_allclose(data["y_pred_calibrated"], oracle_calibration(probs, labels), atol=1e-3)
    op = Calibrate(inputs="p", outputs="p", calibration_fn=str(path))
    np.testing.assert_allclose(op.forward(probs[4], {"mode": "test"}), data["y_pred_calibrated"][4])
    with open(path, "rb") as file:
        assert callable(pickle.load(file))


def test_save_if_key_saves_only_when_zero(tmp_path):
    rng = np.random.default_rng(1)
    labels = rng.integers(0, 2, 100)
    probs = np.column_stack([1 - rng.uniform(size=100), np.zeros(100)])
    probs[:, 1] = 1 - probs[:, 0]
    path = tmp_path / "c.pkl"
    trace = PBMCalibrator("y", "y_pred", save_path=str(path), save_if_key="since_best")
    run_epoch(trace, labels, probs, {"since_best": 2})
    assert not path.exists()
    run_epoch(trace, labels, probs, {"since_best": 0})
    assert path.exists()


def test_save_if_key_needs_a_save_path():
    with pytest.raises(ConfigError, match="save_path"):
        PBMCalibrator("y", "y_pred", save_if_key="since_best_accuracy")
