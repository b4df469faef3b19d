"""PickleDataset: the samples of a pickled table (a pandas DataFrame, a dict of columns or a list of samples)."""
import os
import pickle

import numpy as np

from kerasfe.dataset.numpy_dataset import NumpyDataset, object_array
from kerasfe.errors import ConfigError, WrongTypeError


class PickleDataset(NumpyDataset):
    """One sample per row of a pickled table (FastEstimator's PickleDataset reads a pickled pandas DataFrame).

    The file may hold a pandas DataFrame (reading it needs pandas installed), a dict of equally long columns, or a
    list of sample dicts. `parent_path` is the file's folder (for relative paths in it, e.g. for ReadImage). Only
    read pickle files you trust: unpickling runs code.

    Example:
        >>> import os, pickle, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "table.pkl")
        >>> with open(path, "wb") as file:
        ...     pickle.dump([{"x": "a.png", "y": 0}, {"x": "b.png", "y": 1}], file)
        >>> data = PickleDataset(path)
        >>> len(data), str(data[1]["x"]), data["y"].tolist(), data.parent_path == os.path.dirname(path)
        (2, 'b.png', [0, 1], True)
    """

    def __init__(self, file_path):
        try:
            with open(file_path, "rb") as file:
                table = pickle.load(file)  # noqa: S301 (the user's own file, as FastEstimator's pandas.read_pickle)
        except ModuleNotFoundError as error:
            raise ConfigError(f"PickleDataset: '{file_path}' holds objects of '{error.name}', which is not installed "
                              f"(a pandas DataFrame needs `pip install pandas`)") from None
        if hasattr(table, "to_dict") and hasattr(table, "columns"):  # a pandas DataFrame
            table = table.to_dict(orient="list")
        if isinstance(table, list) and table and all(isinstance(row, dict) for row in table):
            keys = list(table[0])
            if any(set(row) != set(keys) for row in table):
                raise ConfigError(f"PickleDataset: the samples of '{file_path}' differ in their keys")
            table = {key: [row[key] for row in table] for key in keys}
        if not isinstance(table, dict) or not table:
            raise WrongTypeError(f"PickleDataset: '{file_path}' must hold a DataFrame, a dict of columns or a list of "
                                 f"sample dicts; it holds {type(table).__name__}")
        self.parent_path = os.path.dirname(file_path)
        super().__init__({key: _array(values) for key, values in table.items()})


def _array(values):
    try:
        array = np.asarray(values)
    except ValueError:  # values of several shapes
        return object_array(values)
    return object_array(values) if array.dtype == object else array
