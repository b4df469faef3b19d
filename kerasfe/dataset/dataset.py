"""FEDataset: the base of kerasfe's map-style data sets (`len`, `[index]` -> dict), with split and summary."""
import numpy as np

from kerasfe.errors import ConfigError


class FEDataset:
    """A map-style data set of sample dicts. Subclasses implement `_size()` and `_sample(index)`.

    Example:
        >>> from kerasfe.dataset import NumpyDataset
        >>> data = NumpyDataset({"x": np.arange(10), "y": np.arange(10) % 2})
        >>> held_out = data.split(0.3, seed=0)
        >>> len(data), len(held_out)
        (7, 3)
        >>> sorted([int(s["x"]) for s in data] + [int(s["x"]) for s in held_out]) == list(range(10))
        True
    """

    _rows = None  # after split: the underlying indices this data set still holds

    def _size(self):
        raise NotImplementedError(f"{type(self).__name__} must implement _size()")

    def _sample(self, index):
        raise NotImplementedError(f"{type(self).__name__} must implement _sample(index)")

    def __len__(self):
        return self._size() if self._rows is None else len(self._rows)

    def __getitem__(self, index):
        if not -len(self) <= index < len(self):
            raise IndexError(f"{type(self).__name__}: index {index} out of range for {len(self)} samples")
        index = index % len(self)
        return self._sample(index if self._rows is None else int(self._rows[index]))

    def split(self, *sizes, stratify=None, seed=None):
        """Moves samples into new data sets: one per size, a fraction (float) or a count (int).

        The samples are drawn at random (`seed`); with `stratify=key`, each value of that key keeps its
        share in every part. This data set keeps what is left. Returns one data set, or a list for
        several sizes.
        """
        if not sizes:
            raise ConfigError(f"{type(self).__name__}.split: give at least one fraction or count")
        total = len(self)
        counts = [self._count(size, total) for size in sizes]
        if sum(counts) > total:
            raise ConfigError(f"{type(self).__name__}.split: sizes {sizes} ask for {sum(counts)} of {total} samples")
        rows = np.arange(total) if self._rows is None else np.asarray(self._rows)
        rng = np.random.default_rng(seed)
        groups = [np.arange(total)]
        if stratify is not None:
            labels = np.array([np.asarray(self[i][stratify]).item() for i in range(total)])
            groups = [np.flatnonzero(labels == value) for value in np.unique(labels)]
        parts = [[] for _ in counts]
        remaining = []
        for group in groups:
            group = rng.permutation(group)
            start = 0
            for part, count in zip(parts, counts):
                take = int(round(count * len(group) / total)) if stratify is not None else count
                part.extend(group[start:start + take])
                start += take
            remaining.extend(group[start:])
        splits = [self._subset(rows[np.sort(part)]) for part in parts]
        self._rows = rows[np.sort(np.asarray(remaining, "int64"))]
        return splits[0] if len(splits) == 1 else splits

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

    def _count(self, size, total):
        if isinstance(size, float) and 0.0 < size < 1.0:
            return int(round(size * total))
        if isinstance(size, int) and not isinstance(size, bool) and 0 < size <= total:
            return size
        raise ConfigError(f"{type(self).__name__}.split: a size must be a fraction in (0, 1) or a count in "
                          f"[1, {total}]; got {size!r}")
