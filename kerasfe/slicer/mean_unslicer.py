"""MeanUnslicer: puts mini-batch outputs back together as their mean."""
import numpy as np

from kerasfe.slicer.slicer import Slicer


class MeanUnslicer(Slicer):
    """Un-slices keys as the mean over the mini-batches (a per-slice loss or score; the average prediction over
    slices). It cuts nothing: pair it with a Slicer that slices.

    Args:
        unslice: the key(s) to average.
        mode: the mode(s) the Slicer runs in.
        ds_id: the data set(s) it runs on.

    Example:
        >>> import numpy as np
        >>> MeanUnslicer(unslice="y").unslice_batch((np.array([1.0, 0.0]), np.array([2.0, 1.0])), key="y").tolist()
        [1.5, 0.5]
    """

    def __init__(self, unslice, mode=None, ds_id=None):
        super().__init__(slice=None, unslice=unslice, mode=mode, ds_id=ds_id)

    def _unslice_batch(self, slices, key):
        return np.mean(np.stack(slices), axis=0)
