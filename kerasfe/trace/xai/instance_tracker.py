"""InstanceTracker: a metric's value per sample (by index) over training."""
from kerasfe.errors import ConfigError
from kerasfe.summary import Summary
from kerasfe.trace.trace import Trace
from kerasfe.trace.xai.label_tracker import _flat


class InstanceTracker(Trace):
    """Tracks a per-sample metric by sample index; at the end of training it writes one Summary per kept index
    (the `n_max_to_keep` highest and `n_min_to_keep` lowest final scores, plus `list_to_keep`) to `outputs`.

    Args:
        index: the key of the sample indices.
        metric: the key of the per-sample metric.
        n_max_to_keep: how many of the highest-scoring samples to keep.
        n_min_to_keep: how many of the lowest-scoring samples to keep.
        list_to_keep: indices to keep in any case.
        epoch_frequency: record every this many epochs.
        mode, ds_id: where it runs.
        outputs: the key of the Summaries (default "<metric>_by_<index>").

    Example:
        >>> InstanceTracker(index="idx", metric="ce").outputs
        ['ce_by_idx']
    """

    def __init__(self, index, metric, n_max_to_keep=5, n_min_to_keep=5, list_to_keep=None, epoch_frequency=1,
                 mode="eval", ds_id=None, outputs=None):
        super().__init__(inputs=[index, metric], outputs=outputs or f"{metric}_by_{index}", mode=mode, ds_id=ds_id)
        for name, value in (("n_max_to_keep", n_max_to_keep), ("n_min_to_keep", n_min_to_keep)):
            if value < 0:
                raise ConfigError(f"InstanceTracker: {name} must be >= 0; got {value}")
        self.n_max_to_keep, self.n_min_to_keep = n_max_to_keep, n_min_to_keep
        self.idx_to_keep = set(list_to_keep or ())
        self.epoch_frequency = epoch_frequency
        self.points, self.index_history = [], {}  # {mode: {index: [(step, metric)]}}

    def on_batch_end(self, data):
        if self.system.epoch_idx % self.epoch_frequency == 0:
            self.points.append((_flat(data[self.inputs[0]]), _flat(data[self.inputs[1]])))

    def on_epoch_end(self, data):
        if self.system.epoch_idx % self.epoch_frequency == 0:
            scores = {index.item(): metric.item() for indices, metrics in self.points
                      for index, metric in zip(indices, metrics)}
            only_listed = self.idx_to_keep and self.n_min_to_keep == 0 and self.n_max_to_keep == 0
            history = self.index_history.setdefault(self.system.mode, {})
            for index, metric in scores.items():
                if not only_listed or index in self.idx_to_keep:
                    history.setdefault(index, []).append((self.system.global_step, metric))
        self.points = []

    def on_end(self, data):
        summaries = {}
        for mode, history in self.index_history.items():
            final = sorted(history, key=lambda index: history[index][-1][1])
            keep = set(final[:self.n_min_to_keep]) | set(final[len(final) - self.n_max_to_keep:]) | \
                (self.idx_to_keep & set(history))
            for index in sorted(keep):
                values = summaries.setdefault(index, Summary(name=index)).history.setdefault(mode, {})
                values[self.inputs[1]] = dict(history[index])
        data.write_without_log(self.outputs[0], list(summaries.values()))
