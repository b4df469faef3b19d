"""LabelTracker: a metric's per-sample values grouped by label, over training."""
import statistics

from kerasfe.errors import ConfigError
from kerasfe.summary import Summary
from kerasfe.trace.trace import Trace

BOUNDS = (None, "std", "range")


def _flat(values):
    import numpy as np
    return np.asarray(values).reshape(-1)


class LabelTracker(Trace):
    """Tracks a per-sample metric (e.g. the per-sample loss) grouped by label: at each epoch end, per label, its
    mean (bounds None), (mean - std, mean, mean + std) ("std") and/or (min, mean, max) ("range"). At the end
    of training it writes a list of Summaries, one per label, to `outputs` (ImageSaver / ImageViewer plot it).

    Args:
        label: the key of the labels.
        metric: the key of the per-sample metric.
        label_mapping: {display name: label value}; only these labels are tracked (None: all).
        bounds: None, "std", "range" or a list of them.
        mode, ds_id: where it runs.
        outputs: the key of the Summaries (default "<metric>_by_<label>").

    Example:
        >>> LabelTracker(label="y", metric="ce").outputs
        ['ce_by_y']
    """

    def __init__(self, label, metric, label_mapping=None, bounds="std", mode="eval", ds_id=None, outputs=None):
        super().__init__(inputs=[label, metric], outputs=outputs or f"{metric}_by_{label}", mode=mode, ds_id=ds_id)
        self.label_mapping = {value: name for name, value in label_mapping.items()} if label_mapping else None
        bounds = set(bounds) if isinstance(bounds, (list, tuple, set)) else {bounds}
        if not bounds <= set(BOUNDS):
            raise ConfigError(f"LabelTracker: bounds must be among {BOUNDS}; got {sorted(map(str, bounds))}")
        self.bounds = bounds
        self.points, self.label_summaries = [], {}

    @property
    def label_key(self):
        return self.inputs[0]

    @property
    def metric_key(self):
        return self.inputs[1]

    def on_batch_end(self, data):
        self.points.append((_flat(data[self.label_key]), _flat(data[self.metric_key])))

    def on_epoch_end(self, data):
        scores = {}
        for labels, metrics in self.points:
            for label, metric in zip(labels, metrics):
                scores.setdefault(label.item(), []).append(metric.item())
        self.points = []
        for label, values in scores.items():
            if self.label_mapping:
                if label not in self.label_mapping:
                    continue
                label = self.label_mapping[label]
            history = self.label_summaries.setdefault(label, Summary(name=label)).history.setdefault(
                self.system.mode, {})
            mean = statistics.mean(values)
            if "std" in self.bounds:
                std = statistics.stdev(values) if len(values) > 1 else 0.0
                history.setdefault(f"{self.metric_key} ($\\mu \\pm \\sigma$)", {})[self.system.global_step] = (
                    mean - std, mean, mean + std)
            if "range" in self.bounds:
                history.setdefault(f"{self.metric_key} ($min, \\mu, max$)", {})[self.system.global_step] = (
                    min(values), mean, max(values))
            if None in self.bounds:
                history.setdefault(self.metric_key, {})[self.system.global_step] = mean

    def on_end(self, data):
        data.write_without_log(self.outputs[0], list(self.label_summaries.values()))
