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
    sets start over. With `probability=[p1, p2, ...]` each of the batch_size samples comes from set k
    with probability pk, and an epoch covers as many samples as all sets hold.

    Example:
        >>> import numpy as np, kerasfe as fe
        >>> from kerasfe.dataset import NumpyDataset
        >>> real = NumpyDataset({"x": np.zeros((8, 1)), "y": np.zeros(8)})
        >>> fake = NumpyDataset({"x": np.ones((4, 1)), "y": np.ones(4)})
        >>> pipeline = fe.Pipeline(train_data=BatchDataset([real, fake], num_samples=[3, 1]), seed=0)
        >>> [batch["y"].tolist() for batch in pipeline.get_results("train", num_steps=2)]
        [[0.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 1.0]]
    """

    def __init__(self, datasets, num_samples=None, probability=None):
        super().__init__(datasets, "BatchDataset")
        if (num_samples is None) == (probability is None):
            raise ConfigError("BatchDataset: give exactly one of num_samples and probability")
        values = num_samples if probability is None else probability
        if len(values) != len(self.datasets):
            raise ConfigError(f"BatchDataset: {len(values)} entries for {len(self.datasets)} data sets")
        if num_samples is not None and any(not isinstance(n, int) or n < 1 for n in num_samples):
            raise ConfigError(f"BatchDataset: num_samples must be positive ints; got {num_samples}")
        if probability is not None and (any(p < 0 for p in probability) or not math.isclose(sum(probability), 1.0)):
            raise ConfigError(f"BatchDataset: probability must be non-negative and sum to 1; got {probability}")
        self.num_samples, self.probability = num_samples, probability

    def num_batches(self, batch_size):
        """Batches per epoch."""
        if self.num_samples is not None:
            return max(math.ceil(len(d) / n) for d, n in zip(self.datasets, self.num_samples))
        return math.ceil(int(self.offsets[-1]) / batch_size)

    def get_batch(self, index, batch_size, seed, epoch, shuffle):
        """The (sample id, sample) pairs of batch `index`."""
        orders = [self._order(member, seed, epoch, shuffle) for member in range(len(self.datasets))]
        if self.num_samples is not None:
            batch = []
            for member, count in enumerate(self.num_samples):
                batch += self._take(member, range(index * count, (index + 1) * count), orders[member])
            return batch
        rng = np.random.default_rng((seed, epoch, index))
        members = rng.choice(len(self.datasets), size=batch_size, p=self.probability)
        return [self._take(int(m), [rng.integers(len(self.datasets[m]))], orders[m])[0] for m in members]


class InterleaveDataset(_MultiDataset):
    """Whole batches from one data set at a time, alternating by `pattern` (default: round robin).

    `pattern=[0, 0, 1]` gives two batches of the first set, then one of the second, and so on; the
    epoch ends when a set has no full pattern's worth of batches left.

    Example:
        >>> import numpy as np, kerasfe as fe
        >>> from kerasfe.dataset import NumpyDataset
        >>> a = NumpyDataset({"x": np.zeros(4)})
        >>> b = NumpyDataset({"x": np.ones(4)})
        >>> pipeline = fe.Pipeline(train_data=InterleaveDataset([a, b]), batch_size=2, seed=0)
        >>> [batch["x"].tolist() for batch in pipeline.get_results("train", num_steps=4)]
        [[0.0, 0.0], [1.0, 1.0], [0.0, 0.0], [1.0, 1.0]]
    """

    def __init__(self, datasets, pattern=None):
        super().__init__(datasets, "InterleaveDataset")
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
