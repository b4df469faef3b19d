"""AxisSlicer: slices along an axis, stacked back."""
import numpy as np
import pytest

from kerasfe.errors import WrongTypeError
from kerasfe.slicer import AxisSlicer


@pytest.mark.parametrize("axis", [0, 1, 3, -1])
def test_axis_slicer_round_trip_against_numpy(axis):
    volume = np.random.default_rng(0).normal(size=(2, 3, 4, 5))
    slicer = AxisSlicer(axis=axis, slice="x")
    pieces = [piece[0] for piece in slicer.slice_batches((volume,))]
    assert len(pieces) == volume.shape[axis]
    for index, piece in enumerate(pieces):
        np.testing.assert_array_equal(piece, np.take(volume, index, axis=axis))
    np.testing.assert_array_equal(slicer.unslice_batch(pieces, key="x"), volume)


def test_axis_must_be_an_int():
    with pytest.raises(WrongTypeError, match="axis must be an int"):
        AxisSlicer(axis="1", slice="x")
