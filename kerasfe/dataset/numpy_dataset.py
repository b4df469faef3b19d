"""NumpyDataset: samples cut from a dict of equally long arrays."""
import numpy as np

from kerasfe.dataset.dataset import FEDataset
from kerasfe.errors import ConfigError, WrongTypeError


class NumpyDataset(FEDataset):
    """A data set over a dict of arrays (key -> array of samples); sample i is {key: array[i]}.

    The Pipeline cuts whole batches from it with one gather per key when no per-sample op is needed.

    Example:
        >>> import numpy as np
        >>> data = NumpyDataset({"x": np.arange(6).reshape(3, 2), "y": np.array([0, 1, 0])})
        >>> len(data), data[1]["x"].tolist(), int(data[1]["y"])
        (3, [2, 3], 1)
    """

    def __init__(self, data):
        if not isinstance(data, dict) or not data:
            raise WrongTypeError(f"NumpyDataset: data must be a non-empty dict of arrays; got {type(data).__name__}")
        self.data = {key: np.asarray(values) for key, values in data.items()}
        lengths = {key: len(values) for key, values in self.data.items()}
        if len(set(lengths.values())) != 1:
            raise ConfigError(f"NumpyDataset: the arrays differ in length: {lengths}")

    def _size(self):
        return len(next(iter(self.data.values())))

    def _sample(self, index):
        return {key: values[index] for key, values in self.data.items()}

    def gather(self, indices):
        """The samples at `indices` as one batch dict (one fancy-indexing gather per key)."""
        rows = np.asarray(indices) if self._rows is None else self._rows[indices]
        return {key: values[rows] for key, values in self.data.items()}
