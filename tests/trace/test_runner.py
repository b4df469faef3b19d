import keras
import pytest

from kerasfe.errors import ConfigError
from kerasfe.schedule import EpochScheduler
from kerasfe.trace import Trace
from kerasfe.trace.essential import EvalEssential, TrainEssential
from kerasfe.trace.keras_callback_trace import KerasCallbackTrace
from kerasfe.trace.logger import Logger
from kerasfe.trace.runner import TraceRunner
from kerasfe.trace.system import System
from tests.trace.helpers import Recorder, estimator


def test_scheduled_traces_run_only_in_their_epochs(blobs):
    recorder = Recorder(mode="train")
    est = estimator(blobs, [EpochScheduler({2: recorder})], epochs=3)
    est.fit()
    assert len(recorder.weights) == 2  # epochs 2 and 3


class NeedsSteps(Trace):
    """Needs the batches at the given steps only."""

    def __init__(self, steps, mode="train"):
        super().__init__(mode=mode)
        self.steps = set(steps)

    def on_batch_end(self, data):
        pass

    def needs_batch(self, step):
        return step in self.steps


class EveryBatch(Trace):
    def on_batch_begin(self, data):
        pass


class EpochsOnly(Trace):
    def on_epoch_end(self, data):
        pass


def per_call(traces, mode="train", steps=12, most=64, global_step=0, log_steps=None):
    runner = TraceRunner(traces, System(network=None, log_steps=log_steps))
    runner.start_run()
    runner.system.global_step = global_step
    runner.prepare(mode, 1)
    return runner.steps_per_execution(mode, steps, most)


@pytest.mark.parametrize("traces, steps, most, global_step, expected", [
    ([], 12, 64, 0, 12),                            # nothing per batch: the whole epoch in one call
    ([], 12, 5, 0, 4),                              # the largest divisor of the epoch within the limit
    ([], 13, 12, 0, 1),                             # a prime epoch longer than the limit: one step per call
    ([EpochsOnly()], 12, 64, 0, 12),                # no batch hooks, no needs
    ([EveryBatch()], 12, 64, 0, 1),                 # a batch hook and the default declaration
    ([NeedsSteps({4, 8})], 12, 64, 0, 4),           # chunk ends at the needed steps
    ([NeedsSteps({6}), NeedsSteps({9})], 12, 64, 0, 3),
    ([NeedsSteps({14, 18})], 12, 64, 12, 2),        # steps count from the epoch's first global step
    ([NeedsSteps({12, 24})], 12, 64, 12, 12),       # the epoch's last step always ends a call
    ([NeedsSteps({3}, mode="eval")], 12, 64, 0, 12),  # not active in train
])
def test_steps_per_execution_divides_the_epoch_at_every_needed_step(traces, steps, most, global_step, expected):
    assert per_call(traces, steps=steps, most=most, global_step=global_step) == expected


def test_eval_counts_batches_from_one():
    assert per_call([NeedsSteps({2}, mode="eval")], mode="eval", steps=6, global_step=100) == 2


def test_the_automatic_traces_need_only_their_log_steps():
    assert per_call([TrainEssential(), Logger(progress_bar=False)], steps=20, log_steps=10, global_step=20) == 10
    assert per_call([TrainEssential(), Logger(progress_bar=False)], steps=20, log_steps=10) == 1  # step 1 is logged
    assert per_call([TrainEssential(), Logger(progress_bar=False)], steps=20) == 20  # log_steps=None
    assert per_call([EvalEssential()], mode="eval", steps=6) == 6
    assert per_call([EvalEssential(monitor_names="y")], mode="eval", steps=6) == 1


def test_keras_callbacks_need_the_batches_of_the_hooks_they_define():
    class TestBatches(keras.callbacks.Callback):
        def on_test_batch_end(self, batch, logs=None):
            pass

    traces = [KerasCallbackTrace(keras.callbacks.History()), KerasCallbackTrace(TestBatches())]
    assert per_call(traces, mode="train") == 12
    assert per_call(traces, mode="eval") == 1


class WritesAtBegin(Trace):
    """Writes `key` (logged) in on_batch_begin; another Trace reads it at the batch's end."""

    def __init__(self, key):
        super().__init__(outputs=key, mode="train")
        self.key = key

    def on_batch_begin(self, data):
        data.write_with_log(self.key, float(self.system.global_step))


class ReadsAtEnd(Trace):
    def __init__(self, key):
        super().__init__(inputs=key, mode="train")
        self.seen = []

    def on_batch_end(self, data):
        self.seen.append(data[self.inputs[0]])


def test_what_on_batch_begin_writes_reaches_the_batch_end_and_its_logs(blobs):
    reader = ReadsAtEnd("begin_step")
    summary = estimator(blobs, [WritesAtBegin("begin_step"), reader], epochs=1, log_steps=1).fit()
    assert reader.seen == [1.0, 2.0, 3.0, 4.0]  # 64 samples, batches of 16, written as each step began
    assert summary.history["train"]["begin_step"] == {1: 1.0, 2: 2.0, 3: 3.0, 4: 4.0}


def test_an_on_batch_begin_write_of_a_key_the_network_reads_is_an_error(blobs):
    with pytest.raises(ConfigError, match=r"WritesAtBegin wrote 'x' in on_batch_begin \(mode 'train'\), a key the "
                                          r"Network's ops read \(\['x', 'y'\]\).*a NumpyOp"):
        estimator(blobs, [WritesAtBegin("x")], epochs=1).fit()
