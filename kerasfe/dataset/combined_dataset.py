"""CombinedDataset: several map-style data sets with the same keys, one after the other."""
import numpy as np

from kerasfe.dataset.dataset import FEDataset
from kerasfe.errors import ConfigError, WrongTypeError


class CombinedDataset(FEDataset):
    """The samples of every data set in `datasets`, in order (FastEstimator's CombinedDataset: a concatenation).

    Every data set must give dicts with the same keys. Writing into a sample (`ds[i][key] = v`) writes into the
    member data set it comes from.

    Example:
        >>> import numpy as np
        >>> from kerasfe.dataset import NumpyDataset
        >>> first, second = NumpyDataset({"x": np.arange(3)}), NumpyDataset({"x": np.arange(10, 12)})
        >>> both = CombinedDataset([first, second])
        >>> len(both), both["x"].tolist()
        (5, [0, 1, 2, 10, 11])
    """

    def __init__(self, datasets):
        datasets = list(datasets)
        if len(datasets) < 2:
            raise ConfigError(f"CombinedDataset: give at least two data sets; got {len(datasets)}")
        keys = None
        for dataset in datasets:
            if hasattr(dataset, "get_batch") or not hasattr(dataset, "__getitem__") or isinstance(dataset, dict):
                raise WrongTypeError(f"CombinedDataset: members must be map-style data sets of sample dicts (len and "
                                     f"[index]), not {type(dataset).__name__}")
            first = set(dataset[0])
            if keys is not None and first != keys:
                raise ConfigError(f"CombinedDataset: every data set needs the same keys; got {sorted(keys)} and "
                                  f"{sorted(first)}")
            keys = first
        self.datasets = datasets
        self.offsets = np.cumsum([0] + [len(dataset) for dataset in datasets])

    def _size(self):
        return int(self.offsets[-1])

    def _locate(self, row):
        member = int(np.searchsorted(self.offsets, row, side="right")) - 1
        return self.datasets[member], row - int(self.offsets[member])

    def _sample(self, index):
        dataset, local = self._locate(index)
        return dict(dataset[local])

    def write_value(self, row, key, value):
        dataset, local = self._locate(row)
        dataset[local][key] = value
