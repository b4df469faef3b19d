"""Recognizing what a user passed as the data of a mode: data sets by ds_id, schedules, and source kinds."""
import numpy as np

from kerasfe.pipeline.engines.tf_data import is_tf_dataset
from kerasfe.dataset.numpy_dataset import NumpyDataset
from kerasfe.errors import WrongTypeError
from kerasfe.schedule import EpochScheduler, RepeatScheduler, Scheduler


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
        return {ds_id: _schedule_map(mode, item) for ds_id, item in value.items()}
    return {None: _schedule_map(mode, value)}


def _is_array_like(value):
    return isinstance(value, (np.ndarray, list, tuple)) or np.isscalar(value)


def _schedule_map(mode, value):
    if isinstance(value, EpochScheduler):
        return EpochScheduler({epoch: as_source(mode, item) for epoch, item in value.epoch_dict.items()})
    if isinstance(value, RepeatScheduler):
        return RepeatScheduler([as_source(mode, item) for item in value.repeat_list])
    if isinstance(value, Scheduler):
        raise WrongTypeError(f"Pipeline: {mode}_data can be scheduled with EpochScheduler or RepeatScheduler; got "
                             f"{type(value).__name__}")
    return as_source(mode, value)


def as_source(mode, value):
    """The source the engines read: a NumpyDataset for a dict of arrays, otherwise the value itself.

    Example:
        >>> import numpy as np
        >>> type(as_source("train", {"x": np.zeros(2)})).__name__
        'NumpyDataset'
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
    if hasattr(value, "__len__") and hasattr(value, "__getitem__") and not isinstance(value, (str, bytes)):
        return value
    if hasattr(value, "__iter__") and not isinstance(value, (str, bytes)):
        return value
    raise WrongTypeError(f"Pipeline: {mode}_data must be a dict of arrays, a map-style data set, a tf.data.Dataset, "
                         f"a grain dataset or a generator; got {type(value).__name__}")


def is_map_style(source):
    """Whether the source is read by index (map-style data sets, grain MapDatasets, batch-giving data sets)."""
    return hasattr(source, "get_batch") or (hasattr(source, "__len__") and hasattr(source, "__getitem__"))
