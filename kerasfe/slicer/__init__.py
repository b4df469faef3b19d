"""Slicers: cut a batch into mini-batches the Network runs one at a time (`fe.Network(ops, slicers=[...])`), and
put their outputs back together for the post-processing ops and the Traces."""
from kerasfe.slicer.axis_slicer import AxisSlicer
from kerasfe.slicer.mean_unslicer import MeanUnslicer
from kerasfe.slicer.slicer import Slicer, forward_slicers, reverse_slicers, sanity_assert_slicers
from kerasfe.slicer.sliding_slicer import SlidingSlicer

__all__ = ["AxisSlicer", "MeanUnslicer", "Slicer", "SlidingSlicer", "forward_slicers", "reverse_slicers",
           "sanity_assert_slicers"]
