"""CSVDataset: one sample per row of a CSV file."""
import csv
import inspect
import math
import os

import numpy as np

from kerasfe.dataset.numpy_dataset import NumpyDataset
from kerasfe.errors import ConfigError, MissingKeyError, WrongTypeError


class CSVDataset(NumpyDataset):
    """Reads a CSV file with a header row; each column becomes a key. Columns of numbers become int64 or
    float64 arrays, the others strings. `parent_path` is the file's folder (for relative paths in the file).

    Args:
        file_path: the CSV file.
        delimiter: the column separator.
        include_if: keep only some rows, as FastEstimator: a dict `{column: value or list of values}`, a function
            whose parameter names are columns (`lambda label, weight: label == 1 and weight > 0.5`), or a Python
            expression over the column names (`"label == 1 and weight > 0.5"`, like pandas' `query`).
        fill_na: what empty cells become: "pandas_default" (NaN in a column of numbers, "" in one of strings),
            None (None, an object column), or a value (then typed with its column).
        **kwargs: passed to `csv.DictReader` (e.g. `quotechar`).

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "data.csv")
        >>> _ = open(path, "w").write("x,y\\nimg_1.png,0\\nimg_2.png,1\\nimg_3.png,1\\n")
        >>> data = CSVDataset(path)
        >>> len(data), str(data[1]["x"]), int(data[1]["y"])
        (3, 'img_2.png', 1)
        >>> CSVDataset(path, include_if={"y": 1})["x"].tolist(), CSVDataset(path, include_if="y == 0")["x"].tolist()
        (['img_2.png', 'img_3.png'], ['img_1.png'])
        >>> CSVDataset(path).parent_path == os.path.dirname(path)
        True
    """

    def __init__(self, file_path, delimiter=",", include_if=None, fill_na="pandas_default", **kwargs):
        with open(file_path, newline="") as file:
            reader = csv.DictReader(file, delimiter=delimiter, **kwargs)
            rows = list(reader)
            columns = [name.replace(":", "").replace("|", "").replace(";", "") for name in reader.fieldnames or []]
        if not columns or not rows:
            raise ConfigError(f"CSVDataset: '{file_path}' needs a header row and at least one data row")
        data = {name: _column([row[raw] for row in rows], fill_na)
                for name, raw in zip(columns, reader.fieldnames)}
        keep = _rows_to_keep(data, include_if, file_path)
        if not keep.any():
            raise ConfigError(f"CSVDataset: include_if={include_if!r} keeps no row of '{file_path}'")
        self.parent_path = os.path.dirname(file_path)
        super().__init__({name: values[keep] for name, values in data.items()})


def _rows_to_keep(data, include_if, file_path):
    size = len(next(iter(data.values())))
    if include_if is None:
        return np.ones(size, bool)
    if isinstance(include_if, dict):
        keep = np.ones(size, bool)
        for name, wanted in include_if.items():
            _check_column(name, data, file_path)
            wanted = [None] if wanted is None else list(wanted) if isinstance(wanted, (list, tuple, set)) else [wanted]
            keep &= np.array([value in wanted for value in data[name].tolist()])
        return keep
    if isinstance(include_if, str):
        expression = compile(include_if, "<include_if>", "eval")
        for name in expression.co_names:
            _check_column(name, data, file_path)
        return np.array([bool(eval(expression, {"__builtins__": {}}, _row(data, index)))  # noqa: S307
                         for index in range(size)])
    if callable(include_if):
        names = list(inspect.signature(include_if).parameters)
        for name in names:
            _check_column(name, data, file_path)
        return np.array([bool(include_if(**{name: data[name][index].item() if hasattr(data[name][index], "item")
                                            else data[name][index] for name in names})) for index in range(size)])
    raise WrongTypeError(f"CSVDataset: include_if must be None, a dict, a str expression or a function; got "
                         f"{type(include_if).__name__}")


def _row(data, index):
    return {name: values[index].item() if hasattr(values[index], "item") else values[index]
            for name, values in data.items()}


def _check_column(name, data, file_path):
    if name not in data:
        raise MissingKeyError(owner=f"CSVDataset('{file_path}') include_if", key=name, mode=None, available=list(data))


def _column(values, fill_na="pandas_default"):
    if fill_na is None and "" in values:
        return np.array([None if value == "" else _number(value) for value in values], object)
    if fill_na not in (None, "pandas_default"):
        values = [str(fill_na) if value == "" else value for value in values]
    for dtype in ("int64", "float64"):
        try:
            return np.array(values, dtype=dtype)
        except ValueError:
            continue
    if fill_na == "pandas_default" and "" in values:
        try:
            return np.array([math.nan if value == "" else float(value) for value in values])
        except ValueError:
            pass
    return np.array(values)


def _number(value):
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            continue
    return value
