"""The Traces every Estimator run has: losses and timing into the logs."""
import time

import numpy as np

from kerasfe.op.op import parse_modes
from kerasfe.trace.trace import Trace


def logged_losses(network):
    """The loss keys a network reports ("loss" only when it is the sum of several updated losses)."""
    return list(getattr(network, "loss_trackers", {}))


class TrainEssential(Trace):
    """Logs the train losses and `steps/sec` every `log_steps`, and the epoch's mean losses and `epoch_time`.

    Args:
        monitor_names: extra batch keys to log (their batch mean) with the losses.

    Example:
        >>> TrainEssential(monitor_names="lr").inputs
        ['lr']
    """

    def __init__(self, monitor_names=None):
        super().__init__(inputs=monitor_names, outputs=["steps/sec", "epoch_time"], mode="train")

    def on_epoch_begin(self, data):
        self._epoch_start = self._last_time = time.perf_counter()
        self._last_step = self.system.global_step

    def needs_batch(self, step):
        return self.system.is_log_step(step)  # it reads batches at log steps only

    def on_batch_end(self, data):
        if not self.system.is_log_step():
            return
        for key in logged_losses(self.system.network) + self.inputs:
            if key in data:
                data.write_with_log(key, float(np.mean(data[key])))
        now = time.perf_counter()
        if self.system.global_step > 1:
            data.write_with_log("steps/sec", round((self.system.global_step - self._last_step) / (now - self._last_time), 2))
        self._last_time, self._last_step = now, self.system.global_step

    def on_epoch_end(self, data):
        for key in logged_losses(self.system.network):
            if key in data:
                data.write_with_log(key, float(data[key]))
        data.write_with_log("epoch_time", round(time.perf_counter() - self._epoch_start, 2))


class EvalEssential(Trace):
    """Logs the evaluation's (or test's) mean losses, and the mean of each of `monitor_names`, per epoch.

    Args:
        monitor_names: extra batch keys to average over the epoch and log.

    Example:
        >>> sorted(EvalEssential().mode)
        ['eval', 'test']
    """

    def __init__(self, monitor_names=None):
        super().__init__(inputs=monitor_names, mode=("eval", "test"))

    def on_epoch_begin(self, data):
        self._sums = {key: [0.0, 0] for key in self.inputs}

    def needs_batch(self, step):
        return bool(self.inputs)  # it sums the monitored keys over every batch

    def on_batch_end(self, data):
        for key, total in self._sums.items():
            if key in data and key not in logged_losses(self.system.network):
                values = np.asarray(data[key], dtype="float64")
                total[0] += float(values.sum()) if values.ndim else float(values)
                total[1] += values.size

    def on_epoch_end(self, data):
        for key in logged_losses(self.system.network):
            if key in data:
                data.write_with_log(key, float(data[key]))
        for key, (total, count) in self._sums.items():
            if count:
                data.write_with_log(key, total / count)


class TestEssential(EvalEssential):
    """FastEstimator's test-mode essential Trace: the test's mean losses and the mean of each of `monitor_names`,
    per test run. The Estimator's `EvalEssential` already does this for the test mode too; this one runs in the
    test mode only, for loops built by hand (e.g. a `TraceRunner` of its own).

    Args:
        monitor_names: extra batch keys to average over the test epoch and log.

    Example:
        >>> sorted(TestEssential(monitor_names="dice").mode), TestEssential("dice").inputs
        (['test'], ['dice'])
    """
    __test__ = False  # not a pytest test class

    def __init__(self, monitor_names=None):
        super().__init__(monitor_names)
        self.mode = parse_modes("test", owner=self.describe())
