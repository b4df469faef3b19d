"""MeanUnslicer: the mean over the mini-batches."""
import numpy as np

from kerasfe.slicer import AxisSlicer, MeanUnslicer, forward_slicers, reverse_slicers


def test_mean_unslicer_averages_each_key_over_the_slices():
    batch = {"x": np.random.default_rng(0).normal(size=(3, 4, 2))}
    slicers = [AxisSlicer(axis=1, slice="x", unslice=None), MeanUnslicer(unslice=["score", "loss"])]
    parts = forward_slicers(slicers, batch)
    outputs = [{"score": part["x"] ** 2, "loss": np.float32(index)} for index, part in enumerate(parts)]
    merged = reverse_slicers(slicers, outputs, batch)
    np.testing.assert_allclose(merged["score"], (batch["x"] ** 2).mean(axis=1))
    assert float(merged["loss"]) == 1.5
