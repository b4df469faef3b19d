"""Pipeline: turns the train / eval / test data into batches the Network's fit, evaluate and predict read."""
import math

import grain
import keras
import numpy as np

from kerasfe.errors import ConfigError, WrongTypeError

DATA_MODES = ("train", "eval", "test")


class Pipeline:
    """Batches data sets for each mode: shuffled every epoch for "train", in order for "eval" / "test".

    Each source is a dict of equally long numpy arrays, one per batch key. Batches are cut straight
    from the arrays (one gather per batch) by a grain `MapDataset`, served through a `BatchLoader`
    that tells `keras.Model.fit` how many batches an epoch has, on every backend.

    Args:
        train_data, eval_data, test_data: dicts of numpy arrays (key -> array of samples).
        batch_size: samples per batch.
        seed: the shuffling seed; by default drawn from numpy's global generator, so
            `np.random.seed(...)` makes runs repeatable.

    Example:
        >>> import numpy as np
        >>> pipeline = Pipeline(train_data={"x": np.arange(10).reshape(10, 1), "y": np.arange(10)},
        ...                     batch_size=4, seed=0)
        >>> [batch["x"].shape for batch in pipeline.get_results("train", num_steps=3)]
        [(4, 1), (4, 1), (2, 1)]
    """

    def __init__(self, train_data=None, eval_data=None, test_data=None, batch_size=None, seed=None):
        self.data = {mode: _check_source(mode, source)
                     for mode, source in zip(DATA_MODES, (train_data, eval_data, test_data)) if source is not None}
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ConfigError(f"Pipeline: batch_size must be a positive int; got {batch_size!r}")
        self.batch_size = batch_size
        self.seed = int(np.random.randint(2 ** 31)) if seed is None else seed

    def modes(self):
        """The modes that have data."""
        return [mode for mode in DATA_MODES if mode in self.data]

    def num_samples(self, mode):
        """How many samples the `mode` data set holds."""
        return len(next(iter(self._source(mode).values())))

    def get_loader(self, mode, epoch=1):
        """The batches of `mode` for `epoch`, as a BatchLoader of dicts."""
        source = self._source(mode)
        size, batch_size = self.num_samples(mode), self.batch_size
        if mode == "train":
            order = np.random.default_rng((self.seed, epoch)).permutation(size)

            def cut(index):
                rows = order[index * batch_size:(index + 1) * batch_size]
                return {key: values[rows] for key, values in source.items()}
        else:
            def cut(index):
                rows = slice(index * batch_size, (index + 1) * batch_size)
                return {key: values[rows] for key, values in source.items()}
        return BatchLoader(grain.MapDataset.range(math.ceil(size / batch_size)).map(cut))

    def get_results(self, mode="train", num_steps=1, epoch=1):
        """The first `num_steps` batches of `mode`, as a list of dicts of numpy arrays (for debugging)."""
        loader = self.get_loader(mode, epoch)
        return [loader[index] for index in range(min(num_steps, len(loader)))]

    def _source(self, mode):
        if mode not in self.data:
            raise ConfigError(f"Pipeline has no data for mode '{mode}'; it has {self.modes()}")
        return self.data[mode]


class BatchLoader(keras.utils.PyDataset):
    """A random-access grain dataset of batches as a `keras.utils.PyDataset`, so Keras knows its length.

    (Keras reads a bare grain dataset as one of unknown length: no progress totals, and under
    TensorFlow one extra, empty step per epoch.)

    Example:
        >>> import grain
        >>> loader = BatchLoader(grain.MapDataset.range(3).map(lambda i: {"x": i}))
        >>> len(loader), loader[2]
        (3, {'x': 2})
    """

    def __init__(self, dataset):
        super().__init__()
        self.dataset = dataset

    def __len__(self):
        return len(self.dataset)

    def __getitem__(self, index):
        return self.dataset[index]


def _check_source(mode, source):
    if not isinstance(source, dict) or not source:
        raise WrongTypeError(f"Pipeline: {mode}_data must be a non-empty dict of numpy arrays; "
                             f"got {type(source).__name__}")
    source = {key: np.asarray(values) for key, values in source.items()}
    lengths = {key: len(values) for key, values in source.items()}
    if len(set(lengths.values())) != 1:
        raise ConfigError(f"Pipeline: the arrays of {mode}_data differ in length: {lengths}")
    return source
