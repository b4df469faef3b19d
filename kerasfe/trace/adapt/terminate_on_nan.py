"""TerminateOnNaN: stops training when a loss becomes NaN or infinite."""
import numpy as np

from kerasfe.trace.essential import logged_losses
from kerasfe.trace.trace import Trace


class TerminateOnNaN(Trace):
    """Checks every loss (and `monitor_names`) after each batch; stops training at the first non-finite
    value, printing the step and the batch of the epoch. Each check reads the values from the device, so
    it costs a sync per batch.

    The Estimator adds one with `every_batch=False` when its Traces have none: it checks at the log steps
    (whose values the Logger reads anyway) and at each epoch end, so it costs nothing; the losses are
    running means over the epoch, so a non-finite batch is caught at the next check. Give
    `TerminateOnNaN()` to stop at the very batch.

    Args:
        monitor_names: extra keys to check.
        mode: where it checks ("train" by default).
        every_batch: check after every batch (False: at the log steps and epoch ends only).
        ds_id: the data set id(s) it checks (None: all); "!id" checks all but one.

    Example:
        >>> TerminateOnNaN(monitor_names="grad_norm").inputs
        ['grad_norm']
    """

    def __init__(self, monitor_names=None, mode="train", every_batch=True, ds_id=None):
        super().__init__(inputs=monitor_names, mode=mode, ds_id=ds_id)
        self.every_batch = every_batch
        self.stopped_step = None

    def on_begin(self, data):
        self.stopped_step = None

    def needs_batch(self, step):
        return self.every_batch

    def on_batch_end(self, data):
        if self.every_batch or self.system.is_log_step():
            self._check(data)

    def on_epoch_end(self, data):
        if self.stopped_step is None:
            self._check(data)

    def _check(self, data):
        for key in logged_losses(self.system.network) + self.inputs:
            if key in data and not np.all(np.isfinite(data[key])):
                self.stopped_step = self.system.global_step
                self.system.stop_training = True
                print(f"FastEstimator-TerminateOnNaN: '{key}' is not finite at step {self.stopped_step} (batch "
                      f"{self.system.batch_idx} of epoch {self.system.epoch_idx}, mode '{self.system.mode}'); "
                      "stopping", flush=True)
                return
