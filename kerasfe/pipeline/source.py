"""Recognizing what a user passed as the data of a mode: data sets by ds_id, schedules, and source kinds."""
import sys
import threading

import numpy as np

from kerasfe.pipeline.engines.tf_data import is_endless_tf_dataset, is_tf_dataset
from kerasfe.dataset.numpy_dataset import NumpyDataset
from kerasfe.errors import WrongTypeError
from kerasfe.schedule import map_values


def parse_mode_data(mode, value):
    """{ds_id: source or scheduled sources} for one mode; ds_id is None for a single data set.

    A dict whose values are arrays is one data set; a dict whose values are data sets maps ds_ids to them.

    Example:
        >>> import numpy as np
        >>> list(parse_mode_data("eval", {"x": np.zeros(3)})), list(parse_mode_data("eval", {"a": {"x": [1]}}))
        ([None], ['a'])
    """
    if isinstance(value, dict) and value and not any(_is_array_like(item) for item in value.values()):
        for ds_id in value:
            if not isinstance(ds_id, str) or ds_id.startswith("!"):
                raise WrongTypeError(f"Pipeline: the ds_ids of {mode}_data must be names (str, not starting with "
                                     f"'!'); got {ds_id!r}")
        return {ds_id: map_values(item, lambda data: as_source(mode, data)) for ds_id, item in value.items()}
    return {None: map_values(value, lambda data: as_source(mode, data))}


def _is_array_like(value):
    return isinstance(value, (np.ndarray, list, tuple)) or np.isscalar(value)


def as_source(mode, value):
    """The source the engines read: a NumpyDataset for a dict of arrays, a `GeneratorFunction` for a function,
    a `ReplayedIterator` for a one-shot iterator (a generator object), otherwise the value itself.

    Example:
        >>> import numpy as np
        >>> type(as_source("train", {"x": np.zeros(2)})).__name__
        'NumpyDataset'
        >>> type(as_source("train", ({"x": i} for i in range(2)))).__name__
        'ReplayedIterator'
    """
    if value is None:
        return None
    if isinstance(value, dict):
        return NumpyDataset(value)
    if is_tf_dataset(value) or hasattr(value, "get_batch"):
        return value
    if isinstance(value, (list, tuple)) and not all(isinstance(sample, dict) for sample in value[:1]):
        raise WrongTypeError(f"Pipeline: a list as {mode}_data must hold sample dicts; got a list of "
                             f"{type(value[0]).__name__}")
    if isinstance(value, (str, bytes)):
        pass
    elif hasattr(value, "__len__") and hasattr(value, "__getitem__"):
        return value
    elif hasattr(value, "__iter__"):
        return ReplayedIterator(value) if hasattr(value, "__next__") else value
    elif callable(value) and not isinstance(value, type):
        return GeneratorFunction(value, mode)
    raise WrongTypeError(f"Pipeline: {mode}_data must be a dict of arrays, a map-style data set, a tf.data.Dataset, "
                         f"a grain dataset, an iterable or a function returning one (a generator function); got "
                         f"{type(value).__name__}")


def is_map_style(source):
    """Whether the source is read by index (map-style data sets, grain MapDatasets, batch-giving data sets)
    and has an end.

    Example:
        >>> import grain
        >>> is_map_style(grain.MapDataset.range(3)), is_map_style(grain.MapDataset.range(3).repeat())
        (True, False)
    """
    return hasattr(source, "get_batch") or (hasattr(source, "__len__") and hasattr(source, "__getitem__")
                                            and not is_endless(source))


def is_endless(source):
    """Whether the source is known never to run out: a tf.data.Dataset of infinite cardinality, or a grain
    MapDataset repeated without end (whose length grain gives as `sys.maxsize`).

    Example:
        >>> import grain
        >>> is_endless(grain.MapDataset.range(3).repeat()), is_endless(grain.MapDataset.range(3))
        (True, False)
    """
    if is_tf_dataset(source):
        return is_endless_tf_dataset(source)
    return hasattr(source, "__len__") and hasattr(source, "__getitem__") and len(source) == sys.maxsize


class GeneratorFunction:
    """A function returning an iterable of sample dicts (a generator function), called anew for every read,
    so each epoch starts the data over.

    Example:
        >>> source = GeneratorFunction(lambda: ({"x": i} for i in range(2)), mode="train")
        >>> [sample["x"] for sample in source], [sample["x"] for sample in source]
        ([0, 1], [0, 1])
    """

    def __init__(self, function, mode):
        self.function, self.mode = function, mode

    def __iter__(self):
        samples = self.function()
        if not hasattr(samples, "__iter__") or isinstance(samples, (str, bytes, dict)):
            raise WrongTypeError(f"Pipeline: the function given as {self.mode}_data must return an iterable of "
                                 f"sample dicts (e.g. be a generator function); it returned {type(samples).__name__}")
        return iter(samples)


class ReplayedIterator:
    """A one-shot iterator (a generator object) read once: the samples it gives are kept in memory, so every
    later read (the next epoch, `get_results`, the Estimator's smoke test) replays them before reading on.

    Example:
        >>> source = ReplayedIterator({"x": i} for i in range(3))
        >>> [sample["x"] for sample, _ in zip(source, range(2))], [sample["x"] for sample in source]
        ([0, 1], [0, 1, 2])
    """

    def __init__(self, iterator):
        self.iterator, self.samples, self.finished = iterator, [], False
        self._lock = threading.Lock()

    def __iter__(self):
        position = 0
        while True:
            with self._lock:
                if position == len(self.samples) and not self.finished:
                    try:
                        self.samples.append(next(self.iterator))
                    except StopIteration:
                        self.finished = True
                if position == len(self.samples):
                    return
                sample = self.samples[position]
            position += 1
            yield sample
