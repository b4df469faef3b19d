"""NumpyDataset: samples cut from a dict of equally long arrays."""
import numpy as np

from kerasfe.dataset.dataset import FEDataset
from kerasfe.errors import ConfigError, WrongTypeError


class NumpyDataset(FEDataset):
    """A data set over a dict of arrays (key -> array of samples); sample i is {key: array[i]}.

    The Pipeline cuts whole batches from it with one gather per key when no per-sample op is needed. Writes
    (`ds[i][key] = v`, `ds[key] = column`) go into its own copy of the arrays (the arrays given stay as they
    were); a value of another shape than its column's makes that column an object array of per-sample values.

    Example:
        >>> import numpy as np
        >>> data = NumpyDataset({"x": np.arange(6).reshape(3, 2), "y": np.array([0, 1, 0])})
        >>> len(data), data[1]["x"].tolist(), int(data[1]["y"])
        (3, [2, 3], 1)
        >>> data[0]["y"] = 0.5
        >>> data["y"].tolist()
        [0.5, 1.0, 0.0]
    """

    def __init__(self, data):
        if not isinstance(data, dict) or not data:
            raise WrongTypeError(f"NumpyDataset: data must be a non-empty dict of arrays; got {type(data).__name__}")
        self.data = {key: np.asarray(values) for key, values in data.items()}
        self.owned = set()  # the keys whose arrays are this data set's own copies (written in place)
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

    def write_value(self, row, key, value):
        if key not in self.data:
            raise ConfigError(f"NumpyDataset: sample {row} has no key '{key}' (keys: {sorted(self.data)}); add a key "
                              f"to every sample at once with ds['{key}'] = values")
        column, value = self.data[key], np.asarray(value)
        if column.dtype != object and value.shape != column.shape[1:]:
            column = object_array(column)
        elif column.dtype != object and np.result_type(column, value) != column.dtype:
            column = column.astype(np.result_type(column, value))
        elif key not in self.owned:
            column = column.copy()
        self.data[key] = column
        self.owned.add(key)
        column[row] = value

    def column(self, key):
        if key not in self.data:
            return super().column(key)  # names the missing key and the keys there are
        column = self.data[key] if self._rows is None else self.data[key][self._rows]
        return np.array(list(column)) if column.dtype == object and _same_shapes(column) else column.copy()

    def set_column(self, key, values):
        values = np.asarray(values)
        if len(values) != len(self):
            raise ConfigError(f"NumpyDataset['{key}'] = ...: give one value per sample ({len(self)}); got {len(values)}")
        if self._rows is None:
            self.data[key] = values.copy()
            self.owned.add(key)
            return
        super().set_column(key, values)

    def _subset(self, rows):
        subset = object.__new__(type(self))
        subset.__dict__.update(self.__dict__)  # the settings of the data set (e.g. a label_mapping)
        subset.data = {key: values[rows] for key, values in self.data.items()}  # its own copy, as FastEstimator
        subset.owned = set(subset.data)
        return subset

    def _keep(self, rows):
        self.data = {key: values[rows] for key, values in self.data.items()}
        self.owned = set(self.data)


def object_array(values):
    """A 1-D object array holding each of `values` as it is (arrays of any shape: one per sample).

    Example:
        >>> [value.shape for value in object_array([np.zeros(2), np.zeros((3, 1))])]
        [(2,), (3, 1)]
    """
    array = np.empty(len(values), object)
    for index, value in enumerate(values):
        array[index] = value
    return array


def _same_shapes(column):
    return len({np.shape(value) for value in column}) <= 1
