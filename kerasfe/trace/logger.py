"""Logger: prints FastEstimator's log lines and a progress bar."""
import sys
import time

import keras
import numpy as np

from kerasfe.trace.bus import ALL_KEYS
from kerasfe.trace.trace import Trace

CLEAR_LINE = "\r\x1b[2K"  # back to the line's start and erase it (ANSI), where a progress bar is drawn


def format_logs(prefix, logs, step, epoch=None):
    """One log line: `FastEstimator-<Prefix>: step: N; epoch: E; key: value; ...` (no epoch when None).

    Example:
        >>> format_logs("Train", {"ce": 0.123456789, "steps/sec": 40.1}, step=100, epoch=1)
        'FastEstimator-Train: step: 100; epoch: 1; ce: 0.123457; steps/sec: 40.1'
    """
    values = {"step": step, **({} if epoch is None else {"epoch": epoch}), **logs}
    return f"FastEstimator-{prefix}: " + "; ".join(f"{key}: {_format(value)}" for key, value in values.items())


def _format(value):
    if isinstance(value, str):
        return value
    if np.ndim(value) == 0:
        value = value.item() if isinstance(value, np.generic) else value
        return str(value) if isinstance(value, int) else f"{float(value):.6g}"
    return np.array2string(np.asarray(value), separator=",", max_line_width=10 ** 6).replace("\n", "")


class Logger(Trace):
    """Prints FastEstimator's log lines, and on a terminal a live Keras progress bar per train epoch.

    Lines read `FastEstimator-Train: step: 100; epoch: 1; ce: 0.12; steps/sec: 40.1` with every value
    earlier Traces wrote with `write_with_log`: `-Start` when training starts, `-Train` at step 1 and
    every `log_steps` steps and at each epoch end, `-Eval Progress: step/total` at the Estimator's
    `eval_log_steps`, `-Eval` and `-Test` after each evaluation and test,
    `-Finish` when training ends (a test run prints only its `-Test` lines). Each step is printed once: a log step that ends an epoch is printed
    with the epoch's values. On a terminal each train epoch also draws a `keras.utils.Progbar` (steps done,
    ETA, time per step and steps/s), redrawn in place; log lines are printed on their own lines, the
    bar redrawn under them, and the epoch's lines after the finished bar. The Estimator adds a Logger
    unless `log_steps` is None.

    Args:
        progress_bar: draw the progress bar (None: when standard output is a terminal).

    Example:
        >>> Logger().inputs
        ['*']
    """

    def __init__(self, progress_bar=None):
        super().__init__(inputs=ALL_KEYS)
        self.progress_bar = progress_bar
        self._bar = None
        self._held_logs = {}

    def on_begin(self, data):
        self._start = time.perf_counter()
        if not self._is_test_run():
            self._print(format_logs("Start", {"logging_interval": self.system.log_steps},
                                    step=self.system.global_step + 1))

    def on_epoch_begin(self, data):
        self._held_logs = {}
        draw = sys.stdout.isatty() if self.progress_bar is None else self.progress_bar
        if draw and self.system.mode == "train":
            self._bar = keras.utils.Progbar(self.system.epoch_steps, stateful_metrics=["steps/s"], unit_name="step")
            self._bar_start = None

    def needs_batch(self, step):
        if self.system.mode == "eval":
            return step in self.system.eval_log_steps
        return self.system.mode == "train" and self.system.is_log_step(step)  # the progress bar may skip steps

    def on_batch_end(self, data):
        if self.system.mode == "eval" and self.system.batch_idx in self.system.eval_log_steps:
            total = "" if self.system.eval_steps is None else f"/{self.system.eval_steps}"
            self._print(f"FastEstimator-Eval Progress: {self.system.batch_idx}{total}; epoch: {self.system.epoch_idx}")
        if self.system.mode != "train":
            return
        ends_epoch = self.system.batch_idx == self.system.epoch_steps
        if self.system.is_log_step() and data.logs:
            if ends_epoch:
                self._held_logs = dict(data.logs)  # printed once, with the epoch's values
            else:
                self._print(format_logs("Train", data.logs, self.system.global_step, self.system.epoch_idx))
        if self._bar is not None:
            self._update_bar()
            if ends_epoch:
                self._bar = None  # finished: Progbar ended its line

    def on_epoch_end(self, data):
        if self._bar is not None:  # an epoch of unknown length, or one stopped early
            self._bar.update(self.system.batch_idx, finalize=True)
            self._bar = None
        logs = {**self._held_logs, **data.logs}
        if self.system.ds_id is not None:
            logs = {"ds_id": self.system.ds_id, **logs}
        self._print(format_logs(self.system.mode.capitalize(), logs, self.system.global_step, self.system.epoch_idx))

    def on_end(self, data):
        if not self._is_test_run():
            self._print(format_logs("Finish", {"total_time": round(time.perf_counter() - self._start, 2)},
                                    step=self.system.global_step))

    def _is_test_run(self):
        """A test run (the Estimator prepares its "test" mode before it begins) prints only its Test lines."""
        return self.system.mode == "test"

    def _update_bar(self):
        """Steps/s counts from the end of the epoch's first step, which also compiles the step."""
        now, done = time.perf_counter(), self.system.batch_idx
        if self._bar_start is None:
            self._bar_start = (now, done)
        elapsed, steps = now - self._bar_start[0], done - self._bar_start[1]
        self._bar.update(done, values=[("steps/s", steps / elapsed)] if steps else None)

    def _print(self, line):
        if self._bar is not None:
            sys.stdout.write(CLEAR_LINE)  # the bar is redrawn under the line at the next step
        print(line, flush=True)
