"""ExtendDataset: a map-style data set read for `spoof_length` samples an epoch, more or fewer than it holds."""
import math

import numpy as np

from kerasfe.errors import ConfigError, WrongTypeError


class ExtendDataset:
    """Every epoch reads `spoof_length` samples of `dataset` (FastEstimator's ExtendDataset): fewer than it holds
    (each epoch continues where the last one stopped) or more (the data set starts over).

    The samples form one stream across epochs: in training, one permutation of the data set after another (each
    drawn from the Pipeline's seed); in other modes, the data set in order, from its start every epoch. The
    Pipeline reads it in batches (`num_batches`, `get_batch`), like BatchDataset.

    Args:
        dataset: a map-style data set (len and [index] -> sample dict).
        spoof_length: the samples per epoch (an int >= 1).

    Example:
        >>> import numpy as np, kerasfe as fe
        >>> from kerasfe.dataset import NumpyDataset
        >>> short = ExtendDataset(NumpyDataset({"x": np.arange(10)}), spoof_length=4)
        >>> pipeline = fe.Pipeline(eval_data=short, batch_size=4)
        >>> len(short), [batch["x"].tolist() for batch in pipeline.get_results("eval", num_steps=3)]
        (4, [[0, 1, 2, 3]])
    """

    def __init__(self, dataset, spoof_length):
        if not isinstance(spoof_length, int) or isinstance(spoof_length, bool) or spoof_length < 1:
            raise ConfigError(f"ExtendDataset: spoof_length must be an int >= 1; got {spoof_length!r}")
        if isinstance(dataset, (ExtendDataset, dict)) or hasattr(dataset, "get_batch") or not hasattr(dataset,
                                                                                                     "__len__"):
            raise WrongTypeError(f"ExtendDataset: dataset must be a map-style data set (len and [index]), not "
                                 f"{type(dataset).__name__}")
        if len(dataset) == 0:
            raise ConfigError("ExtendDataset: the data set is empty")
        self.dataset, self.spoof_length = dataset, spoof_length

    def __len__(self):
        return self.spoof_length

    def num_batches(self, batch_size):
        """Batches per epoch."""
        return math.ceil(self.spoof_length / batch_size)

    def get_batch(self, index, batch_size, seed, epoch, shuffle):
        """The (sample id, sample) pairs of batch `index`: ids are places in the stream, so repeated samples draw
        their own random augmentation."""
        first = (epoch - 1) * self.spoof_length if shuffle else 0
        start = first + index * batch_size
        stop = min(start + batch_size, first + self.spoof_length)
        size = len(self.dataset)
        orders = {}
        pairs = []
        for place in range(start, stop):
            lap, position = divmod(place, size)
            if shuffle and lap not in orders:
                orders[lap] = np.random.default_rng((seed, lap)).permutation(size)
            row = int(orders[lap][position]) if shuffle else position
            pairs.append((place, self.dataset[row]))
        return pairs
