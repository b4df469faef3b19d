"""SlidingSlicer: windows, padding modes, overlapping un-slicing (sum / avg), squeezing."""
import numpy as np
import pytest

from kerasfe.errors import ConfigError, DataError
from kerasfe.slicer import SlidingSlicer, forward_slicers, reverse_slicers

IMAGES = np.random.default_rng(0).normal(size=(2, 7, 6, 3)).astype("float32")


def _pieces(slicer, data=IMAGES):
    return [piece[0] for piece in slicer.slice_batches((data,))]


def test_tiles_cover_the_image_in_row_major_order_and_come_back_whole():
    slicer = SlidingSlicer(window_size=[-1, 3, 3, -1], pad_mode="partial", slice="x")
    pieces = _pieces(slicer)
    starts = [(r, c) for r in (0, 3, 6) for c in (0, 3)]
    assert len(pieces) == len(starts)
    for (r, c), piece in zip(starts, pieces):
        np.testing.assert_array_equal(piece, IMAGES[:, r:r + 3, c:c + 3])
    np.testing.assert_array_equal(slicer.unslice_batch(pieces, key="x"), IMAGES)


def test_drop_loses_the_border_and_fills_it_with_pad_val():
    slicer = SlidingSlicer(window_size=[-1, 3, 3, -1], pad_mode="drop", pad_val=-9.0, slice="x")
    pieces = _pieces(slicer)
    assert len(pieces) == 4 and all(piece.shape == (2, 3, 3, 3) for piece in pieces)
    merged = slicer.unslice_batch(pieces, key="x")
    np.testing.assert_array_equal(merged[:, :6], IMAGES[:, :6])
    assert (merged[:, 6] == -9.0).all()


def test_constant_padding_pads_the_last_windows_and_crops_them_back():
    slicer = SlidingSlicer(window_size=[-1, 4, 4, -1], pad_mode="constant", pad_val=5.0, slice="x")
    pieces = _pieces(slicer)
    expected = np.pad(IMAGES, [(0, 0), (0, 1), (0, 2), (0, 0)], constant_values=5.0)
    assert len(pieces) == 4
    np.testing.assert_array_equal(pieces[3], expected[:, 4:8, 4:8])
    np.testing.assert_array_equal(slicer.unslice_batch(pieces, key="x"), IMAGES)


def test_mirror_and_nopad():
    mirror = SlidingSlicer(window_size=[-1, 4, 4, -1], pad_mode="mirror", slice="x")
    reflected = np.pad(IMAGES, [(0, 0), (0, 1), (0, 2), (0, 0)], mode="reflect")
    np.testing.assert_array_equal(_pieces(mirror)[3], reflected[:, 4:8, 4:8])
    nopad = SlidingSlicer(window_size=[-1, 4, 4, -1], pad_mode="nopad", slice="x")
    pieces = _pieces(nopad)
    np.testing.assert_array_equal(pieces[3], IMAGES[:, 3:7, 2:6])  # the last window ends at the edge
    np.testing.assert_allclose(nopad.unslice_batch(pieces, key="x"), IMAGES, rtol=1e-6)


@pytest.mark.parametrize("unslice_mode", ["sum", "avg"])
def test_overlapping_windows_sum_or_average_against_a_hand_count(unslice_mode):
    data = np.arange(10.0).reshape(1, 10)
    slicer = SlidingSlicer(window_size=[-1, 4], strides=[0, 2], pad_mode="drop", slice="x",
                           unslice_mode=unslice_mode)
    pieces = _pieces(slicer, data)
    assert [piece[0, 0] for piece in pieces] == [0.0, 2.0, 4.0, 6.0]
    counts = np.array([1, 1, 2, 2, 2, 2, 2, 2, 1, 1.0])
    merged = slicer.unslice_batch(pieces, key="x")
    np.testing.assert_allclose(merged, data * counts if unslice_mode == "sum" else data)


def test_squeeze_window_and_unslice_only():
    volume = np.random.default_rng(1).normal(size=(2, 4, 4, 3)).astype("float32")
    slicer = SlidingSlicer(window_size=[-1, -1, -1, 1], squeeze_window=True, slice="x")
    pieces = _pieces(slicer, volume)
    assert len(pieces) == 3 and pieces[0].shape == (2, 4, 4)
    np.testing.assert_array_equal(slicer.unslice_batch(pieces, key="x"), volume)
    cutter = SlidingSlicer(window_size=[-1, 2], slice="x", unslice=None)
    gluer = SlidingSlicer(window_size=[-1, 2], unslice="y", unslice_shape=(3, 4))
    parts = forward_slicers([cutter, gluer], {"x": np.arange(12.0).reshape(3, 4)})
    merged = reverse_slicers([cutter, gluer], [{"y": part["x"] + 1} for part in parts], {})
    np.testing.assert_array_equal(merged["y"], np.arange(12.0).reshape(3, 4) + 1)


def test_sliding_slicer_checks():
    with pytest.raises(ConfigError, match="window_size must be ints > 0 or -1"):
        SlidingSlicer(window_size=[0], slice="x")
    with pytest.raises(ConfigError, match="as many as window_size"):
        SlidingSlicer(window_size=[2, 2], strides=[1], slice="x")
    with pytest.raises(ConfigError, match="pad_mode must be one of"):
        SlidingSlicer(window_size=[2], pad_mode="wrap", slice="x")
    with pytest.raises(ConfigError, match="give unslice_shape"):
        SlidingSlicer(window_size=[2], unslice="y")
    with pytest.raises(DataError, match="they need the same rank"):
        SlidingSlicer(window_size=[2], slice="x").slice_batches((np.zeros((2, 2)),))
    slicer = SlidingSlicer(window_size=[-1, 2], slice="x")
    slicer.slice_batches((np.zeros((1, 4)),))
    with pytest.raises(DataError, match="got 3 slices"):
        slicer.unslice_batch([np.zeros((1, 2))] * 3, key="x")
