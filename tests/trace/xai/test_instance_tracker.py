import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.trace import Data, System
from kerasfe.trace.xai import InstanceTracker


def test_keeps_the_highest_lowest_and_listed_instances():
    trace = InstanceTracker(index="idx", metric="ce", n_max_to_keep=1, n_min_to_keep=2, list_to_keep=[3])
    trace.system = System(network=None)
    trace.system.mode = "eval"
    indices = np.arange(6)
    for epoch, losses in enumerate((np.array([5.0, 1, 2, 3, 4, 0]), np.array([6.0, 2, 1, 3, 0.5, 0.1])), start=1):
        trace.system.epoch_idx, trace.system.global_step = epoch, 10 * epoch
        trace.on_batch_end(Data({"idx": indices[:3], "ce": losses[:3]}))
        trace.on_batch_end(Data({"idx": indices[3:], "ce": losses[3:]}))
        trace.on_epoch_end(Data())
    data = Data()
    trace.on_end(data)
    summaries = {summary.name: summary.history["eval"]["ce"] for summary in data["ce_by_idx"]}
    # final scores: 0 -> 6 (max), 5 -> 0.1 and 4 -> 0.5 (the two lowest), 3 listed
    assert summaries == {0: {10: 5.0, 20: 6.0}, 3: {10: 3.0, 20: 3.0}, 4: {10: 4.0, 20: 0.5},
                         5: {10: 0.0, 20: 0.1}}


def test_only_listed_and_epoch_frequency():
    trace = InstanceTracker(index="idx", metric="ce", n_max_to_keep=0, n_min_to_keep=0, list_to_keep=[1],
                            epoch_frequency=2)
    trace.system = System(network=None)
    trace.system.mode = "eval"
    for epoch in (1, 2):
        trace.system.epoch_idx, trace.system.global_step = epoch, epoch
        trace.on_batch_end(Data({"idx": np.array([0, 1]), "ce": np.array([1.0, 2.0]) * epoch}))
        trace.on_epoch_end(Data())
    data = Data()
    trace.on_end(data)
    assert [(s.name, s.history["eval"]["ce"]) for s in data["ce_by_idx"]] == [(1, {2: 4.0})]
    with pytest.raises(ConfigError, match="n_max_to_keep"):
        InstanceTracker(index="idx", metric="ce", n_max_to_keep=-1)
