import numpy as np
import pytest

from kerasfe.trace import TestEssential, TraceRunner
from kerasfe.trace.system import System


def run_epoch(runner, mode, batches):
    runner.prepare(mode, 1)
    runner.epoch_begin(mode, steps=len(batches))
    for index, batch in enumerate(batches):
        runner.batch_begin(mode, index)
        runner.batch_end(mode, index, batch)
    return runner.epoch_end(mode, {})


def test_test_essential_logs_the_sample_mean_of_its_keys_in_test_mode_only():
    rng = np.random.default_rng(0)
    batches = [{"dice": rng.random(size)} for size in (4, 4, 3)]
    runner = TraceRunner([TestEssential(monitor_names="dice")], System(network=None))
    runner.start_run("demo")
    runner.start_epoch(1, ("test",))
    logs = run_epoch(runner, "test", batches)
    assert logs["dice"] == pytest.approx(np.concatenate([batch["dice"] for batch in batches]).mean())
    runner.start_epoch(1, ("eval",))
    assert "dice" not in run_epoch(runner, "eval", batches)
