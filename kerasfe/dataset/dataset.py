"""FEDataset: the base of kerasfe's map-style data sets (`len`, `[index]` -> dict), with FastEstimator's column
access, writable samples, split and summary."""
import math
import random

import numpy as np

from kerasfe.errors import ConfigError, MissingKeyError, WrongTypeError


class Sample(dict):
    """A sample dict read from an FEDataset: `sample[key] = value` also writes the value into the data set (as in
    FastEstimator's in-memory data sets, `ds[i][key] = v` persists). `dict(sample)` is a plain, detached copy.

    Example:
        >>> from kerasfe.dataset import NumpyDataset
        >>> data = NumpyDataset({"x": np.arange(3)})
        >>> data[1]["x"] = 10
        >>> data["x"].tolist()
        [0, 10, 2]
    """

    def __init__(self, values, dataset, row):
        super().__init__(values)
        self.dataset, self.row = dataset, row

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self.dataset.write_value(self.row, key, value)


class FEDataset:
    """A map-style data set of sample dicts. Subclasses implement `_size()` and `_sample(index)`.

    As in FastEstimator: `ds[i]` is sample i (a `Sample`: writing to it persists), `ds["key"]` the column of a key
    (an array when the values are arrays, else a list), `ds["key"] = values` replaces or adds a column, `ds[i] =
    {...}` replaces a sample, and `split` moves samples into new data sets.

    Example:
        >>> from kerasfe.dataset import NumpyDataset
        >>> data = NumpyDataset({"x": np.arange(10), "y": np.arange(10) % 2})
        >>> held_out = data.split(0.3, seed=0)
        >>> len(data), len(held_out)
        (7, 3)
        >>> sorted([int(s["x"]) for s in data] + [int(s["x"]) for s in held_out]) == list(range(10))
        True
        >>> remaining = data["x"].tolist()
        >>> picked = data.split([0, 2])  # by index: the samples now at 0 and 2
        >>> picked["x"].tolist() == [remaining[0], remaining[2]], len(data)
        (True, 5)
    """

    _rows = None  # after split: the underlying indices this data set still holds
    _written = None  # {underlying index: {key: value}} of values written into samples (see `write_value`)

    def _size(self):
        raise NotImplementedError(f"{type(self).__name__} must implement _size()")

    def _sample(self, index):
        raise NotImplementedError(f"{type(self).__name__} must implement _sample(index)")

    def __len__(self):
        return self._size() if self._rows is None else len(self._rows)

    def __getitem__(self, index):
        if isinstance(index, str):
            return self.column(index)
        row = self._row(index)
        sample = self._sample(row)
        if self._written and row in self._written:
            sample = {**sample, **self._written[row]}
        return Sample(sample, self, row)

    def __setitem__(self, index, value):
        if isinstance(index, str):
            self.set_column(index, value)
            return
        if not isinstance(value, dict):
            raise WrongTypeError(f"{type(self).__name__}[{index}] = ...: a sample is a dict; got {type(value).__name__}")
        row, old = self._row(index), self[index]
        for key in old:
            if key not in value:
                raise ConfigError(f"{type(self).__name__}[{index}] = ...: the new sample lacks key '{key}'; every "
                                  "sample keeps the data set's keys")
        for key, item in value.items():
            self.write_value(row, key, item)

    def _row(self, index):
        if not isinstance(index, (int, np.integer)) or isinstance(index, bool):
            raise WrongTypeError(f"{type(self).__name__}[{index!r}]: index by an int (a sample) or a str (a column)")
        if not -len(self) <= index < len(self):
            raise IndexError(f"{type(self).__name__}: index {index} out of range for {len(self)} samples")
        index = int(index) % len(self)
        return index if self._rows is None else int(self._rows[index])

    def write_value(self, row, key, value):
        """Writes `value` under `key` into the sample at underlying index `row` (what `ds[i][key] = value` does).
        This base keeps written values beside the samples; data sets holding their data in memory store them there.

        Example:
            >>> class Squares(FEDataset):
            ...     def _size(self):
            ...         return 3
            ...     def _sample(self, index):
            ...         return {"x": index * index}
            >>> data = Squares()
            >>> data[2]["x"] = -1
            >>> [sample["x"] for sample in data]
            [0, 1, -1]
        """
        if self._written is None:
            self._written = {}
        self._written.setdefault(row, {})[key] = value

    def column(self, key):
        """The values of `key` over every sample, in order: an array when they are arrays / numbers, else a list.

        Example:
            >>> from kerasfe.dataset import NumpyDataset
            >>> NumpyDataset({"x": np.arange(3), "name": np.array(["a", "b", "c"])}).column("name").tolist()
            ['a', 'b', 'c']
        """
        values = []
        for index in range(len(self)):
            sample = self[index]
            if key not in sample:
                raise MissingKeyError(owner=f"{type(self).__name__}['{key}']", key=key, mode=None,
                                      available=list(sample))
            values.append(sample[key])
        if values and all(isinstance(value, (np.ndarray, np.generic, int, float, bool)) for value in values):
            return np.array(values)
        return values

    def set_column(self, key, values):
        """Sets `key` of every sample from `values` (one per sample, in order), adding the key if it is new.

        Example:
            >>> from kerasfe.dataset import NumpyDataset
            >>> data = NumpyDataset({"x": np.arange(3)})
            >>> data["x2"] = data["x"] * 2
            >>> int(data[2]["x2"])
            4
        """
        if not hasattr(values, "__len__") or len(values) != len(self):
            raise ConfigError(f"{type(self).__name__}['{key}'] = ...: give one value per sample ({len(self)}); got "
                              f"{len(values) if hasattr(values, '__len__') else type(values).__name__}")
        for index in range(len(self)):
            self.write_value(self._row(index), key, values[index])

    def split(self, *fractions, seed=None, stratify=None):
        """Moves samples into new data sets, as FastEstimator's `split`: one per argument, a fraction (float: that
        share of the samples, rounded up), a count (int), or the indices (an iterable of ints) of the samples to
        move. Counts and fractions draw the samples at random (`seed`; Python's `random.Random(seed).sample`, as
        FastEstimator); with `stratify=key` each value of that key keeps its share in every part. This data set
        keeps what is left, in order. Returns one data set, or a list for several arguments.
        """
        if not fractions:
            raise ConfigError(f"{type(self).__name__}.split: give at least one fraction, count or list of indices")
        total = len(self)
        by_index = [not isinstance(f, (int, float, np.integer, np.floating)) for f in fractions]
        if any(by_index) and not all(by_index):
            raise ConfigError(f"{type(self).__name__}.split: split by numbers (fractions / counts) or by lists of "
                              "indices, not both")
        if all(by_index):
            if stratify is not None:
                raise ConfigError(f"{type(self).__name__}.split: stratify works with fractions or counts, not indices")
            parts = [self._indices(part, total) for part in fractions]
            taken = [i for part in parts for i in part]
            if len(set(taken)) != len(taken):
                raise ConfigError(f"{type(self).__name__}.split: the index lists overlap")
        else:
            counts = [self._count(size, total) for size in fractions]
            if sum(counts) > total:
                raise ConfigError(f"{type(self).__name__}.split: sizes {fractions} ask for {sum(counts)} of {total} "
                                  "samples")
            parts = self._stratified(counts, stratify, seed) if stratify is not None else self._drawn(counts, seed)
        moved = {i for part in parts for i in part}
        rows = np.arange(total) if self._rows is None else np.asarray(self._rows)
        splits = [self._subset(rows[np.asarray(part, "int64")]) for part in parts]
        self._keep(rows[np.asarray([i for i in range(total) if i not in moved], "int64")])
        return splits[0] if len(splits) == 1 else splits

    def _drawn(self, counts, seed):
        drawn = random.Random(seed).sample(range(len(self)), sum(counts))
        starts = np.cumsum([0] + counts)
        return [drawn[start:start + count] for start, count in zip(starts, counts)]

    def _stratified(self, counts, stratify, seed):
        total = len(self)
        labels = np.array([np.asarray(self[i][stratify]).item() for i in range(total)])
        rng = np.random.default_rng(seed)
        parts = [[] for _ in counts]
        for value in np.unique(labels):
            group = rng.permutation(np.flatnonzero(labels == value))
            start = 0
            for part, count in zip(parts, counts):
                take = int(round(count * len(group) / total))
                part.extend(int(i) for i in group[start:start + take])
                start += take
        return [sorted(part) for part in parts]

    def summary(self):
        """A description of the data set: its size and, per key, the dtype and shape of the first sample.

        Example:
            >>> from kerasfe.dataset import NumpyDataset
            >>> print(NumpyDataset({"x": np.zeros((4, 2, 2), "float32"), "y": np.arange(4)}).summary())
            NumpyDataset: 4 samples
              x: float32 (2, 2)
              y: int64 ()
        """
        lines = [f"{type(self).__name__}: {len(self)} samples"]
        if len(self):
            for key, value in self[0].items():
                value = np.asarray(value)
                lines.append(f"  {key}: {value.dtype} {tuple(value.shape)}")
        return "\n".join(lines)

    def _subset(self, rows):
        subset = object.__new__(type(self))
        subset.__dict__.update(self.__dict__, _rows=rows)
        return subset

    def _keep(self, rows):
        self._rows = rows

    def _indices(self, part, total):
        indices = [int(i) for i in part]
        wrong = [i for i in indices if not 0 <= i < total]
        if wrong:
            raise ConfigError(f"{type(self).__name__}.split: indices {wrong[:5]} are out of range for {total} samples")
        return indices

    def _count(self, size, total):
        if isinstance(size, (float, np.floating)) and 0.0 < size < 1.0:
            return math.ceil(size * total)
        if isinstance(size, (int, np.integer)) and not isinstance(size, bool) and 0 < size <= total:
            return int(size)
        raise ConfigError(f"{type(self).__name__}.split: a size must be a fraction in (0, 1) or a count in "
                          f"[1, {total}]; got {size!r}")
