"""PBMCalibrator: fits a Platt-binner marginal calibrator (Kumar et al. 2019) to an epoch's predictions."""
import os
import pickle

import numpy as np
from sklearn.linear_model import LogisticRegression

from kerasfe.atomic_file import atomic_open
from kerasfe.errors import ConfigError, DataError
from kerasfe.trace.metric.metric import Metric

EPSILON = 1e-12


def _logit(probs):
    probs = np.clip(np.asarray(probs, dtype="float64"), EPSILON, 1 - EPSILON)
    return np.log(probs / (1 - probs))


class PlattBinnerMarginalCalibrator:
    """Per class: Platt scaling (a logistic regression on the logit), then equal-mass binning of the scaled
    scores, each bin giving its mean, as the `uncertainty-calibration` package FastEstimator uses. Picklable, so
    the Calibrate NumpyOp can load it from PBMCalibrator's `save_path`.

    Example:
        >>> probs = np.array([[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.4, 0.6], [0.6, 0.4], [0.2, 0.8]])
        >>> calibrator = PlattBinnerMarginalCalibrator(num_bins=2).fit(probs, np.array([0, 0, 1, 1, 1, 0]))
        >>> calibrator(probs).shape
        (6, 2)
    """

    def __init__(self, num_bins=10):
        self.num_bins = num_bins
        self.platt, self.bins, self.bin_means = [], [], []

    def fit(self, probs, labels):
        """Fits to (n, k) probabilities and n class ids; returns self."""
        probs, labels = np.asarray(probs, dtype="float64"), np.asarray(labels).astype("int64")
        self.platt, self.bins, self.bin_means = [], [], []
        for c in range(probs.shape[1]):
            regression = LogisticRegression(C=1e10, solver="lbfgs").fit(_logit(probs[:, c:c + 1]), labels == c)
            self.platt.append((float(regression.coef_[0, 0]), float(regression.intercept_[0])))
            scaled = self._scale(probs[:, c], c)
            bins = self._equal_mass_bins(scaled)
            index = np.searchsorted(bins, scaled)
            lower = np.concatenate([[0.0], bins[:-1]])
            means = np.array([scaled[index == b].mean() if np.any(index == b) else (lower[b] + bins[b]) / 2
                              for b in range(len(bins))])
            self.bins.append(bins)
            self.bin_means.append(means)
        return self

    def _scale(self, probs_c, c):
        coef, intercept = self.platt[c]
        return 1 / (1 + np.exp(-(_logit(probs_c) * coef + intercept)))

    def _equal_mass_bins(self, scaled):
        parts = np.array_split(np.sort(scaled), min(self.num_bins, len(scaled)))
        edges = [(parts[i][-1] + parts[i + 1][0]) / 2.0 for i in range(len(parts) - 1)] + [1.0]
        return np.array(sorted(set(edges)))

    def __call__(self, probs):
        probs = np.asarray(probs, dtype="float64")
        if probs.ndim != 2 or probs.shape[1] != len(self.platt):
            raise DataError(f"PlattBinnerMarginalCalibrator was fit to {len(self.platt)} classes; got predictions "
                            f"of shape {probs.shape}. Pass (batch, {len(self.platt)}) probabilities.")
        return np.stack([self.bin_means[c][np.searchsorted(self.bins[c], self._scale(probs[:, c], c))]
                         for c in range(probs.shape[1])], axis=1)


class PBMCalibrator(Metric):
    """Fits a Platt-binner marginal calibrator (https://arxiv.org/abs/1909.10155) to the predictions of each epoch
    of `mode`, writes the calibrated predictions to `output_name` (not logged), and pickles the calibrator to
    `save_path` (for the Calibrate NumpyOp), only on epochs where `save_if_key` is 0 when that is given.

    Args:
        true_key: class ids or one-hot labels.
        pred_key: predicted probabilities (batch, classes).
        output_name: the key written; default '<pred_key>_calibrated'.
        save_path: where to pickle the calibrator (None: not saved).
        save_if_key: a key (e.g. "since_best_accuracy") that must be 0 for the calibrator to be saved.
        mode, ds_id: where it runs ("eval" by default).

    Example:
        >>> trace = PBMCalibrator("y", "y_pred")
        >>> trace.outputs
        ['y_pred_calibrated']
    """

    direction = None

    def __init__(self, true_key, pred_key, output_name=None, save_path=None, save_if_key=None, mode="eval",
                 ds_id=None):
        if save_if_key is not None and save_path is None:
            raise ConfigError(f"PBMCalibrator({pred_key!r}): save_if_key={save_if_key!r} needs a save_path to "
                              f"save to; pass save_path='calibrator.pkl' or drop save_if_key.")
        super().__init__(true_key, pred_key, output_name or f"{pred_key}_calibrated", mode=mode, ds_id=ds_id)
        self.inputs += [save_if_key] if save_if_key is not None else []
        self.save_path = os.path.abspath(os.path.normpath(save_path)) if save_path is not None else None

    @property
    def save_key(self):
        return self.inputs[2] if len(self.inputs) == 3 else None

    def on_batch_end(self, data):
        y_true, y_pred = np.asarray(data[self.true_key]), np.asarray(data[self.pred_key])
        if y_true.ndim > 1 and y_true.shape[-1] > 1:
            y_true = np.argmax(y_true, axis=-1)
        self._true.append(y_true.reshape(-1))
        self._pred.append(y_pred.reshape(len(y_true.reshape(-1)), -1))

    def on_epoch_end(self, data):
        y_true, y_pred = np.concatenate(self._true), np.concatenate(self._pred)
        calibrator = PlattBinnerMarginalCalibrator(num_bins=10).fit(y_pred, y_true)
        if self.save_path and (self.save_key is None or float(np.asarray(data[self.save_key])) == 0):
            with atomic_open(self.save_path, "wb") as file:
                pickle.dump(calibrator, file)
            print(f"kerasfe-PBMCalibrator: calibrator written to {self.save_path}")
        data.write_without_log(self.outputs[0], calibrator(y_pred))
