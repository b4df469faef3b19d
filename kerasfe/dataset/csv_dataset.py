"""CSVDataset: one sample per row of a CSV file."""
import csv

import numpy as np

from kerasfe.dataset.numpy_dataset import NumpyDataset
from kerasfe.errors import ConfigError


class CSVDataset(NumpyDataset):
    """Reads a CSV file with a header row; each column becomes a key. Columns of numbers become int64 or
    float64 arrays, the others strings.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "data.csv")
        >>> _ = open(path, "w").write("x,y\\nimg_1.png,0\\nimg_2.png,1\\n")
        >>> data = CSVDataset(path)
        >>> len(data), str(data[1]["x"]), int(data[1]["y"])
        (2, 'img_2.png', 1)
    """

    def __init__(self, file_path, delimiter=","):
        with open(file_path, newline="") as file:
            reader = csv.DictReader(file, delimiter=delimiter)
            rows = list(reader)
            columns = reader.fieldnames
        if not columns or not rows:
            raise ConfigError(f"CSVDataset: '{file_path}' needs a header row and at least one data row")
        super().__init__({name: _column([row[name] for row in rows]) for name in columns})


def _column(values):
    for dtype in ("int64", "float64"):
        try:
            return np.array(values, dtype=dtype)
        except ValueError:
            continue
    return np.array(values)
