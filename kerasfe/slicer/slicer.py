"""Slicer: cuts a batch into mini-batches that the Network runs one after another, and puts their outputs back
together into one batch for the post-processing ops (`pops`) and the Traces.

Slicing happens on the host, on the numpy batch, outside the compiled step: each slice is one step of the Network
(in training, one optimizer update per slice, as in FastEstimator), so a batch too large for the accelerator (a
3D volume, a large image in tiles) runs piece by piece.
"""
import numpy as np

from kerasfe.errors import ConfigError, DataError, WrongTypeError
from kerasfe.op.op import Op, parse_ds_ids, parse_modes, to_list


class Slicer:
    """The base of the Slicers.

    Subclasses implement `_slice_batch(batch)` (one array -> a list of slices) when they slice, and
    `_unslice_batch(slices, key)` (the slices of one key -> one array) when they un-slice.

    Args:
        slice: the key(s) to cut. Keys no Slicer cuts go whole into every mini-batch.
        unslice: the key(s) to put back together from the mini-batches (default `()`: the `slice` keys; None:
            none). Keys that are not un-sliced come back from the original batch, else from the first mini-batch.
        mode: the mode(s) the Slicer runs in (None: all; "!infer": all but one).
        ds_id: the data set(s) it runs on (None: all; "!ds1": all but one).

    Example:
        >>> import numpy as np
        >>> class Halves(Slicer):
        ...     def _slice_batch(self, batch):
        ...         return np.split(batch, 2)
        ...     def _unslice_batch(self, slices, key):
        ...         return np.concatenate(slices)
        >>> slicer = Halves(slice="x")
        >>> parts = forward_slicers([slicer], {"x": np.arange(4), "y": 1})
        >>> [part["x"].tolist() for part in parts], parts[1]["y"]
        ([[0, 1], [2, 3]], 1)
        >>> reverse_slicers([slicer], parts, {"x": np.arange(4), "y": 1})["x"].tolist()
        [0, 1, 2, 3]
    """

    def __init__(self, slice=None, unslice=(), mode=None, ds_id=None):  # noqa: A002 (FastEstimator's name)
        if isinstance(unslice, tuple) and len(unslice) == 0:
            unslice = slice
        self.slice_inputs, self.unslice_inputs = to_list(slice), to_list(unslice)
        self.mode = parse_modes(mode, owner=self.describe())
        self.ds_ids, self.excluded_ds_ids = parse_ds_ids(ds_id)
        self.minibatch_size = 0
        if not self.slice_inputs and not self.unslice_inputs:
            raise ConfigError(f"{self.describe()}: give slice=... and/or unslice=... keys; it has neither")
        for keys, method, what in ((self.slice_inputs, "_slice_batch", "slice"),
                                   (self.unslice_inputs, "_unslice_batch", "unslice")):
            if keys and not self._implements(method):
                raise ConfigError(f"{self.describe()} was given {what} keys {keys}, but does not implement {method}")

    @classmethod
    def _implements(cls, method):
        return getattr(cls, method) is not getattr(Slicer, method)

    def describe(self):
        """A short name for messages."""
        return type(self).__name__

    def should_run(self, mode, ds_id=None):
        """Whether the Slicer runs in `mode` on the data set `ds_id` (as an op's `should_run`)."""
        return Op.should_run(self, mode, ds_id)

    def slice_batches(self, batches):
        """The mini-batches of the arrays `batches` (one per `slice` key): a list of tuples, one array per key."""
        slices = [self._slice_batch(batch) for batch in batches]
        self.minibatch_size = len(slices[0])
        if any(len(pieces) != self.minibatch_size for pieces in slices):
            raise DataError(f"{self.describe()}: the keys {self.slice_inputs} gave different numbers of slices "
                            f"{[len(pieces) for pieces in slices]}; they need the same shapes")
        return list(zip(*slices))

    def unslice_batch(self, slices, key):
        """The array of `key` put back together from its `slices`."""
        return self._unslice_batch(slices, key)

    def recall(self, batch):
        """Remembers what un-slicing needs from the original `batch` (the one the slices were cut from); called
        before un-slicing it, since the next batch may be cut before this one's slices come back."""

    def _slice_batch(self, batch):
        raise NotImplementedError(f"{self.describe()} does not slice")

    def _unslice_batch(self, slices, key):
        raise NotImplementedError(f"{self.describe()} does not unslice")


def sanity_assert_slicers(slicers):
    """Raises a ConfigError when the Slicers of one step would cut or reassemble the same key twice, or
    reassemble keys though none are cut.

    Example:
        >>> from kerasfe.slicer import AxisSlicer
        >>> sanity_assert_slicers([AxisSlicer(axis=1, slice="x"), AxisSlicer(axis=2, slice="x")])
        Traceback (most recent call last):
        ...
        kerasfe.errors.ConfigError: Slicers AxisSlicer and AxisSlicer both slice ['x']; one key takes one Slicer
    """
    for index, slicer in enumerate(slicers):
        if not isinstance(slicer, Slicer):
            raise WrongTypeError(f"Network slicers must be Slicers (fe.slicer); got {type(slicer).__name__}")
        for other in slicers[:index]:
            for field, verb in (("slice_inputs", "slice"), ("unslice_inputs", "unslice")):
                shared = sorted(set(getattr(slicer, field)) & set(getattr(other, field)))
                if shared:
                    raise ConfigError(f"Slicers {other.describe()} and {slicer.describe()} both {verb} {shared}; "
                                      "one key takes one Slicer")
    if slicers and not any(slicer.slice_inputs for slicer in slicers):
        raise ConfigError(f"Slicers {[s.describe() for s in slicers]} un-slice keys, but none slices any: add a "
                          "Slicer with slice=... keys")


def forward_slicers(slicers, data):
    """The mini-batches of the batch dict `data`: each slice of the sliced keys, with every other key whole.

    Example:
        >>> from kerasfe.slicer import AxisSlicer
        >>> parts = forward_slicers([AxisSlicer(axis=1, slice="x")], {"x": np.zeros((2, 3)), "y": np.ones(2)})
        >>> len(parts), parts[0]["x"].shape, parts[0]["y"].tolist()
        (3, (2,), [1.0, 1.0])
    """
    slices, sliced = [], set()
    for slicer in slicers:
        if not slicer.slice_inputs:
            continue
        missing = [key for key in slicer.slice_inputs if key not in data]
        if missing:
            raise ConfigError(f"{slicer.describe()} slices {missing}, which the batch does not have "
                              f"(it has {sorted(data)})")
        pieces = slicer.slice_batches(tuple(np.asarray(data[key]) for key in slicer.slice_inputs))
        if slices and len(pieces) != len(slices):
            raise DataError(f"Slicers gave different numbers of slices ({len(slices)} vs {len(pieces)} from "
                            f"{slicer.describe()}); every Slicer of a step must cut the batch into as many pieces")
        if not slices:
            slices = [{} for _ in pieces]
        for minibatch, piece in zip(slices, pieces):
            minibatch.update(zip(slicer.slice_inputs, piece))
        sliced |= set(slicer.slice_inputs)
    rest = {key: value for key, value in data.items() if key not in sliced}
    for minibatch in slices:
        minibatch.update(rest)
    return slices


def reverse_slicers(slicers, data, original_data):
    """One batch dict from the mini-batch dicts `data`: the Slicers' `unslice` keys put back together (those the
    mini-batches have), every other key from `original_data`, else from the first mini-batch."""
    if not data:
        return {}
    batch = {}
    for slicer in slicers:
        slicer.recall(original_data)
        for key in slicer.unslice_inputs:
            if key in data[0]:
                batch[key] = slicer.unslice_batch(tuple(np.asarray(minibatch[key]) for minibatch in data), key=key)
    for key in data[0]:
        if key not in batch:
            batch[key] = original_data.get(key, data[0][key])
    return batch
