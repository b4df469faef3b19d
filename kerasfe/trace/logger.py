"""Logger: prints FastEstimator's log lines and a progress bar."""
import sys
import time

import keras
import numpy as np

from kerasfe.trace.bus import ALL_KEYS
from kerasfe.trace.trace import Trace


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
    """Prints a line at the start, every `log_steps` train steps, at each epoch end and at the finish.

    Lines read `FastEstimator-Train: step: 100; epoch: 1; ce: 0.12; steps/sec: 40.1` (and `-Eval`,
    `-Test`, `-Start`, `-Finish`), with every value earlier Traces wrote with `write_with_log`.
    The Estimator adds one unless `log_steps` is None.

    Args:
        progress_bar: show a Keras progress bar per train epoch (None: when stdout is a terminal).

    Example:
        >>> Logger().inputs
        ['*']
    """

    def __init__(self, progress_bar=None):
        super().__init__(inputs=ALL_KEYS)
        self.progress_bar = sys.stdout.isatty() if progress_bar is None else progress_bar
        self._bar = None

    def on_begin(self, data):
        self._start = time.perf_counter()
        print(format_logs("Start", {"logging_interval": self.system.log_steps}, step=self.system.global_step + 1),
              flush=True)

    def on_epoch_begin(self, data):
        if self.progress_bar and self.system.mode == "train":
            self._bar = keras.utils.Progbar(self.system.epoch_steps, verbose=1)

    def needs_batch(self, step):
        return self.system.mode == "train" and self.system.is_log_step(step)  # the progress bar may skip steps

    def on_batch_end(self, data):
        if self._bar is not None:
            self._bar.update(self.system.batch_idx)
        if self.system.mode == "train" and self.system.is_log_step() and data.logs:
            print(format_logs("Train", data.logs, self.system.global_step, self.system.epoch_idx), flush=True)

    def on_epoch_end(self, data):
        self._bar = None
        logs = data.logs if self.system.ds_id is None else {"ds_id": self.system.ds_id, **data.logs}
        print(format_logs(self.system.mode.capitalize(), logs, self.system.global_step, self.system.epoch_idx),
              flush=True)

    def on_end(self, data):
        print(format_logs("Finish", {"total_time": round(time.perf_counter() - self._start, 2)},
                          step=self.system.global_step), flush=True)
