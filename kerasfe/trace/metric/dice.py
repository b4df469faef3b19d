"""Dice: the overlap of predicted and true masks, per channel, as FastEstimator's Dice Trace computes it."""
import numpy as np

from kerasfe.backend.loss_functions import dice_score
from kerasfe.errors import ConfigError, DataError
from kerasfe.summary.summary import ValWithError
from kerasfe.trace.metric.metric import Metric


class Dice(Metric):
    """The Dice score 2|A∩B| / (|A| + |B|) of channels-last masks (batch, ..., channels), as FastEstimator's Dice.

    Each sample's and channel's score is computed from the true mask A and the binarized prediction B (`> threshold`);
    a channel empty in both is left out (the model rightly found nothing; when every one is, the score is 1). The
    logged value is the mean over the channels (except `exclude_channels`) of each channel's mean over samples. With several channels and a
    `channel_mapping` {index: name}, each channel's score is logged too, as `<output_name>_<name>`.

    Args:
        true_key: 0/1 masks (batch, ..., channels).
        pred_key: mask probabilities of the same shape, in [0, 1].
        threshold: predictions above it are foreground; None keeps them continuous (a soft Dice).
        mask_overlap: False lets each pixel belong to its highest-scoring channel only (with threshold 0.0 that is
            the argmax class).
        exclude_channels: channel indices left out of the mean (e.g. a background channel).
        channel_mapping: {channel index: name} to log each channel's score as well.
        include_std: log `ValWithError(mean - std, mean, mean + std)` with std the samples' standard deviation
            (averaged over channels for the overall value).
        mode, ds_id: where it runs ("eval" and "test" by default).
        output_name: the key written.
        per_ds: log each data set's score besides the one over all of them (see Metric).

    Example:
        >>> true = np.array([[[1, 0], [1, 0], [0, 0], [0, 0]]])  # one sample, 4 pixels, 2 channels
        >>> pred = np.array([[[0.9, 0.1], [0.2, 0.1], [0.7, 0.2], [0.1, 0.3]]])
        >>> round(Dice("mask", "pred").compute(true, pred), 4)  # channel 1 is empty in both: left out
        0.5
    """

    def __init__(self, true_key, pred_key, threshold=0.5, mask_overlap=True, exclude_channels=None,
                 channel_mapping=None, include_std=False, mode=("eval", "test"), ds_id=None, output_name="dice",
                 per_ds=True):
        super().__init__(true_key, pred_key, output_name, mode=mode, ds_id=ds_id, per_ds=per_ds)
        self.threshold, self.mask_overlap, self.include_std = threshold, mask_overlap, include_std
        if exclude_channels is None:
            exclude_channels = ()
        self.exclude_channels = {exclude_channels} if isinstance(exclude_channels, int) else set(exclude_channels)
        self.channel_mapping = dict(channel_mapping or {})

    def write_result(self, data, write, true, pred):
        for key, value in self.results(np.concatenate(true), np.concatenate(pred)).items():
            write(key, value)

    def compute(self, y_true, y_pred):
        return self.results(y_true, y_pred)[self.outputs[0]]

    def results(self, y_true, y_pred):
        """{key: score} of the masks: the overall score, and each mapped channel's when there are several."""
        scores = self._per_channel_scores(y_true, y_pred)
        if not set(range(len(scores))) - self.exclude_channels:
            raise ConfigError(f"{self.describe()}: exclude_channels {sorted(self.exclude_channels)} leaves none of the "
                              f"{len(scores)} channels to score")
        kept = [channel for channel in range(len(scores)) if channel not in self.exclude_channels and
                len(scores[channel])]
        results = {}
        if len(scores) > 1 and self.channel_mapping:
            for channel in kept:
                name = self.channel_mapping.get(channel, channel)
                results[f"{self.outputs[0]}_{name}"] = self._summarize([np.mean(scores[channel])],
                                                                       [np.std(scores[channel])])
        results[self.outputs[0]] = self._summarize([np.mean(scores[channel]) for channel in kept],
                                                   [np.std(scores[channel]) for channel in kept])
        return results

    def _per_channel_scores(self, y_true, y_pred):
        """The scores of each channel: a list (channels) of arrays of the samples where it is not empty in both."""
        for name, values in (("true", y_true), ("predicted", y_pred)):
            if values.ndim < 3 or values.min() < 0 or values.max() > 1:
                key = self.true_key if name == "true" else self.pred_key
                raise DataError(f"{self.describe()}: {name} masks '{key}' must be channels-last (batch, ..., "
                                f"channels) with values in [0, 1]; got shape {values.shape}, range [{values.min()}, {values.max()}] (add a channel axis, e.g. "
                                f"with ExpandDims, or apply a sigmoid/softmax)")
        dice = dice_score(y_pred.astype("float32"), y_true.astype("float32"), mask_overlap=self.mask_overlap,
                          threshold=self.threshold, empty_nan=True, epsilon=1e-8)
        dice = np.asarray(dice, "float64")
        return [column[~np.isnan(column)] for column in dice.T]

    def _summarize(self, means, stds):
        mean = float(np.mean(means)) if means else 1.0  # every mask empty in both: nothing missed
        if not self.include_std:
            return mean
        std = float(np.mean(stds))
        return ValWithError(mean - std, mean, mean + std)
