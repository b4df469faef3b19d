"""BatchDataset and InterleaveDataset: batches drawn from several data sets.

Both give batches, not samples: the Pipeline asks them for `num_batches(batch_size)` and for
`get_batch(index, batch_size, seed, epoch, shuffle)`, a list of (sample id, sample dict) pairs whose
sample ids are unique across the member data sets (they seed the per-sample random ops).
"""
import math

import numpy as np

from kerasfe.errors import ConfigError, WrongTypeError


class _MultiDataset:
    def __init__(self, datasets, owner):
        datasets = list(datasets)
        if len(datasets) < 2:
            raise ConfigError(f"{owner}: give at least two data sets")
        for dataset in datasets:
            if not hasattr(dataset, "__len__") or not hasattr(dataset, "__getitem__") or isinstance(dataset, dict):
                raise WrongTypeError(f"{owner}: members must be map-style data sets (len and [index]); got "
                                     f"{type(dataset).__name__}")
        self.datasets = datasets
        self.offsets = np.cumsum([0] + [len(dataset) for dataset in datasets])

    def _order(self, member, seed, epoch, shuffle):
        size = len(self.datasets[member])
        return np.random.default_rng((seed, epoch, member)).permutation(size) if shuffle else np.arange(size)

    def _take(self, member, positions, order):
        indices = order[np.asarray(positions) % len(order)]
        return [(int(self.offsets[member] + i), self.datasets[member][int(i)]) for i in indices]


class BatchDataset(_MultiDataset):
    """Batches that mix several data sets: a fixed count from each, or each sample's source drawn by probability.

    With `num_samples=[n1, n2, ...]` every batch holds n1 samples of the first set, n2 of the second ...
    (the Pipeline's batch_size is not used); an epoch lasts until the largest set is used up, smaller
    sets start over. With `probability=[p1, p2, ...]` each sample of a batch comes from set k with probability pk
    (a batch holds `num_samples` samples when it is an int, as in FastEstimator, else the Pipeline's batch_size),
    and an epoch covers as many samples as all sets hold.

    As in FastEstimator, data sets whose keys are disjoint are *unpaired*: with `num_samples=[n, n, ...]` each of
    the n samples of a batch merges one sample of every set (e.g. {"x_a": ..., "x_b": ...} from a set of "x_a"
    and a set of "x_b", as CycleGAN reads two image domains). Otherwise the sets must share their keys.

    Example:
        >>> import numpy as np, kerasfe as fe
        >>> from kerasfe.dataset import NumpyDataset
        >>> real = NumpyDataset({"x": np.zeros((8, 1)), "y": np.zeros(8)})
        >>> fake = NumpyDataset({"x": np.ones((4, 1)), "y": np.ones(4)})
        >>> pipeline = fe.Pipeline(train_data=BatchDataset([real, fake], num_samples=[3, 1]), seed=0)
        >>> [batch["y"].tolist() for batch in pipeline.get_results("train", num_steps=2)]
        [[0.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 1.0]]
        >>> horses, zebras = NumpyDataset({"a": np.zeros(4)}), NumpyDataset({"b": np.ones(6)})
        >>> batch = fe.Pipeline(eval_data=BatchDataset([horses, zebras], num_samples=[2, 2])).get_results("eval")[0]
        >>> batch["a"].tolist(), batch["b"].tolist()
        ([0.0, 0.0], [1.0, 1.0])
    """

    def __init__(self, datasets, num_samples=None, probability=None):
        super().__init__(datasets, "BatchDataset")
        if num_samples is None and probability is None:
            raise ConfigError("BatchDataset: give num_samples (a count per data set, or with probability the "
                              "batch size) or probability")
        self.batch_size = num_samples if isinstance(num_samples, int) and probability is not None else None
        if self.batch_size is not None:
            num_samples = None
        elif num_samples is not None and probability is not None:
            raise ConfigError("BatchDataset: with probability, num_samples is the batch size (an int); got "
                              f"{num_samples!r}")
        values = num_samples if probability is None else probability
        if len(values) != len(self.datasets):
            raise ConfigError(f"BatchDataset: {len(values)} entries for {len(self.datasets)} data sets")
        if num_samples is not None and any(not isinstance(n, int) or n < 1 for n in num_samples):
            raise ConfigError(f"BatchDataset: num_samples must be positive ints; got {num_samples}")
        if probability is not None and (any(p < 0 for p in probability) or not math.isclose(sum(probability), 1.0)):
            raise ConfigError(f"BatchDataset: probability must be non-negative and sum to 1; got {probability}")
        self.num_samples, self.probability = num_samples, probability
        keys = [set(dataset[0]) for dataset in self.datasets]
        self.unpaired = sum(len(k) for k in keys) == len(set.union(*keys))
        if not self.unpaired and any(k != keys[0] for k in keys):
            raise ConfigError(f"BatchDataset: the data sets' keys {[sorted(k) for k in keys]} must be all the same "
                              "(samples mixed in a batch) or all disjoint (unpaired samples merged)")
        if self.unpaired and (num_samples is None or len(set(num_samples)) != 1):
            raise ConfigError(f"BatchDataset: unpaired data sets (disjoint keys {[sorted(k) for k in keys]}) are merged "
                              "sample by sample, so give num_samples with one equal count per data set")

    def num_batches(self, batch_size):
        """Batches per epoch."""
        if self.num_samples is not None:
            return max(math.ceil(len(d) / n) for d, n in zip(self.datasets, self.num_samples))
        return math.ceil(int(self.offsets[-1]) / (self.batch_size or batch_size))

    def get_batch(self, index, batch_size, seed, epoch, shuffle):
        """The (sample id, sample) pairs of batch `index`."""
        orders = [self._order(member, seed, epoch, shuffle) for member in range(len(self.datasets))]
        if self.num_samples is not None:
            parts = [self._take(member, range(index * count, (index + 1) * count), orders[member])
                     for member, count in enumerate(self.num_samples)]
            if self.unpaired:  # one sample of each set per batch row, merged (ids: the first set's)
                return [(pairs[0][0], {k: v for _, sample in pairs for k, v in sample.items()}) for pairs in zip(*parts)]
            return [pair for part in parts for pair in part]
        rng = np.random.default_rng((seed, epoch, index))
        members = rng.choice(len(self.datasets), size=self.batch_size or batch_size, p=self.probability)
        return [self._take(int(m), [rng.integers(len(self.datasets[m]))], orders[m])[0] for m in members]


class InterleaveDataset(_MultiDataset):
    """Whole batches from one data set at a time, alternating by `pattern` (default: round robin).

    `pattern=[0, 0, 1]` gives two batches of the first set, then one of the second, and so on; the
    epoch ends when a set has no full pattern's worth of batches left. As in FastEstimator, `datasets` may be a
    dict {name: data set}, and then `pattern` lists names (`names` keeps them, in order).

    Example:
        >>> import numpy as np, kerasfe as fe
        >>> from kerasfe.dataset import NumpyDataset
        >>> a = NumpyDataset({"x": np.zeros(4)})
        >>> b = NumpyDataset({"x": np.ones(4)})
        >>> pipeline = fe.Pipeline(train_data=InterleaveDataset([a, b]), batch_size=2, seed=0)
        >>> [batch["x"].tolist() for batch in pipeline.get_results("train", num_steps=4)]
        [[0.0, 0.0], [1.0, 1.0], [0.0, 0.0], [1.0, 1.0]]
        >>> named = InterleaveDataset({"zeros": a, "ones": b}, pattern=["ones", "zeros", "zeros"])
        >>> named.names, named.pattern
        (['zeros', 'ones'], [1, 0, 0])
    """

    def __init__(self, datasets, pattern=None):
        self.names = list(datasets) if isinstance(datasets, dict) else None
        super().__init__(datasets.values() if isinstance(datasets, dict) else datasets, "InterleaveDataset")
        if self.names is not None and pattern is not None:
            unknown = [name for name in pattern if name not in self.names]
            if unknown:
                raise ConfigError(f"InterleaveDataset: pattern names {unknown} are not among the data sets' names "
                                  f"{self.names}")
            pattern = [self.names.index(name) for name in pattern]
        self.pattern = list(range(len(self.datasets))) if pattern is None else list(pattern)
        if sorted(set(self.pattern)) != list(range(len(self.datasets))):
            raise ConfigError(f"InterleaveDataset: pattern {self.pattern} must use each of the "
                              f"{len(self.datasets)} data sets (by index)")

    def num_batches(self, batch_size):
        """Batches per epoch."""
        cycles = min(math.ceil(len(d) / batch_size) // self.pattern.count(k) for k, d in enumerate(self.datasets))
        return cycles * len(self.pattern)

    def get_batch(self, index, batch_size, seed, epoch, shuffle):
        """The (sample id, sample) pairs of batch `index`."""
        cycle, position = divmod(index, len(self.pattern))
        member = self.pattern[position]
        count = self.pattern.count(member) * cycle + self.pattern[:position].count(member)
        order = self._order(member, seed, epoch, shuffle)
        start = count * batch_size
        return self._take(member, range(start, min(start + batch_size, len(order))), order)
