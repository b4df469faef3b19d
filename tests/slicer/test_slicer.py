"""Slicer base: forward_slicers / reverse_slicers, the checks, and subclass requirements."""
import numpy as np
import pytest

from kerasfe.errors import ConfigError, DataError, WrongTypeError
from kerasfe.slicer import (AxisSlicer, MeanUnslicer, Slicer, SlidingSlicer, forward_slicers, reverse_slicers,
                            sanity_assert_slicers)


def test_two_slicers_cut_together_and_other_keys_come_back_from_the_original():
    batch = {"a": np.arange(24).reshape(2, 3, 4), "b": np.arange(6).reshape(2, 3), "c": np.ones(2)}
    slicers = [AxisSlicer(axis=1, slice="a"), AxisSlicer(axis=1, slice="b", unslice=None)]
    parts = forward_slicers(slicers, batch)
    assert len(parts) == 3
    for index, part in enumerate(parts):
        np.testing.assert_array_equal(part["a"], batch["a"][:, index])
        np.testing.assert_array_equal(part["b"], batch["b"][:, index])
        assert part["c"] is batch["c"]
    outputs = [{"a": part["a"], "b": part["b"], "pred": part["a"] * 2} for part in parts]
    merged = reverse_slicers(slicers, outputs, batch)
    np.testing.assert_array_equal(merged["a"], batch["a"])
    assert merged["b"] is batch["b"]  # not un-sliced: the original
    np.testing.assert_array_equal(merged["pred"], parts[0]["a"] * 2)  # not un-sliced, not original: the first


def test_slicer_checks():
    with pytest.raises(ConfigError, match="give slice=... and/or unslice=..."):
        AxisSlicer(axis=0)
    with pytest.raises(ConfigError, match="does not implement _slice_batch"):
        Slicer(slice="x")
    with pytest.raises(ConfigError, match=r"both unslice \['y'\]"):
        sanity_assert_slicers([AxisSlicer(axis=1, slice="x", unslice="y"), MeanUnslicer(unslice="y")])
    with pytest.raises(ConfigError, match="none slices any"):
        sanity_assert_slicers([MeanUnslicer(unslice="y")])
    with pytest.raises(WrongTypeError, match="must be Slicers"):
        sanity_assert_slicers(["x"])
    with pytest.raises(ConfigError, match=r"slices \['z'\], which the batch does not have"):
        forward_slicers([AxisSlicer(axis=1, slice="z")], {"x": np.zeros((1, 2))})
    with pytest.raises(DataError, match="different numbers of slices"):
        forward_slicers([AxisSlicer(axis=1, slice="x"), AxisSlicer(axis=2, slice="y")],
                        {"x": np.zeros((1, 2, 3)), "y": np.zeros((1, 2, 3))})
    with pytest.raises(DataError, match="gave different numbers of slices"):
        AxisSlicer(axis=1, slice=["x", "y"]).slice_batches((np.zeros((1, 2)), np.zeros((1, 3))))


def test_modes_and_data_sets():
    slicer = SlidingSlicer(window_size=[2], slice="x", mode="!train", ds_id="!noisy")
    assert [slicer.should_run(mode) for mode in ("train", "eval", "infer")] == [False, True, True]
    assert not slicer.should_run("eval", "noisy") and slicer.should_run("eval", "clean")
