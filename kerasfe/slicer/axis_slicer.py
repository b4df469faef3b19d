"""AxisSlicer: one slice per index along an axis (e.g. a 3D volume as 2D images)."""
import numpy as np

from kerasfe.errors import WrongTypeError
from kerasfe.slicer.slicer import Slicer


class AxisSlicer(Slicer):
    """Cuts along `axis`, one slice per index, removing that axis: a batch of volumes [B, H, W, D, C] with
    `axis=3` runs through a 2D model as D batches of [B, H, W, C]. Un-slicing stacks the slices back along `axis`.

    Args:
        axis: the axis to cut along.
        slice: the key(s) to cut.
        unslice: the key(s) to stack back (default: the `slice` keys; None: none).
        mode: the mode(s) the Slicer runs in.
        ds_id: the data set(s) it runs on.

    Example:
        >>> import numpy as np
        >>> slicer = AxisSlicer(axis=1, slice="x")
        >>> parts = slicer.slice_batches((np.arange(6).reshape(2, 3),))
        >>> [part[0].tolist() for part in parts]
        [[0, 3], [1, 4], [2, 5]]
        >>> slicer.unslice_batch([part[0] for part in parts], key="x").tolist()
        [[0, 1, 2], [3, 4, 5]]
    """

    def __init__(self, axis, slice=None, unslice=(), mode=None, ds_id=None):  # noqa: A002 (FastEstimator's name)
        super().__init__(slice=slice, unslice=unslice, mode=mode, ds_id=ds_id)
        if not isinstance(axis, int) or isinstance(axis, bool):
            raise WrongTypeError(f"AxisSlicer: axis must be an int; got {axis!r}")
        self.axis = axis

    def _slice_batch(self, batch):
        return [np.take(batch, index, axis=self.axis) for index in range(batch.shape[self.axis])]

    def _unslice_batch(self, slices, key):
        return np.stack(slices, axis=self.axis)
