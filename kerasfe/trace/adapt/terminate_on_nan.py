"""TerminateOnNaN: stops training when a loss becomes NaN or infinite."""
import numpy as np

from kerasfe.network.checks import FIRST_NONFINITE
from kerasfe.trace.essential import logged_losses
from kerasfe.trace.trace import Trace


class TerminateOnNaN(Trace):
    """Checks every loss (and `monitor_names`) after each batch; stops training at the first non-finite value,
    printing the step and the batch of the epoch where it first appeared.

    The losses are watched inside the compiled step (`kerasfe.network.checks.FirstNonFinite`: the index of the
    epoch's first batch whose losses were not finite), so the step and batch named are exact wherever the check
    runs. The Estimator adds one with `every_batch=False` when its Traces have none: it checks at the log steps
    (whose values the Logger reads anyway) and at each epoch end, so it costs no extra sync and lets several steps
    run per compiled call; training stops at the next check. Give `TerminateOnNaN()` to stop right after the bad
    batch (one sync per batch). `stopped_step` is the global step of the first non-finite loss (for a
    `monitor_names` key: the step where it was seen). Batches of data holding NaN or infinity never reach a step:
    the Estimator's Pipeline checks them (`kerasfe.pipeline.finite`).

    Args:
        monitor_names: extra keys to check.
        mode: where it checks ("train" by default).
        every_batch: check after every batch (False: at the log steps and epoch ends only).
        ds_id: the data set id(s) it checks (None: all); "!id" checks all but one.

    Example:
        >>> TerminateOnNaN(monitor_names="grad_norm").inputs
        ['grad_norm', 'first_nonfinite_batch']
    """

    def __init__(self, monitor_names=None, mode="train", every_batch=True, ds_id=None):
        super().__init__(inputs=monitor_names, mode=mode, ds_id=ds_id)
        self.inputs = self.inputs + [FIRST_NONFINITE]
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
        system = self.system
        losses = logged_losses(system.network)
        first = dict(zip(losses, np.asarray(data.get(FIRST_NONFINITE, [-1] * len(losses))).tolist()))
        bad = [key for key in losses if first[key] >= 0]
        if bad:  # the exact batch of the first non-finite loss (of the epoch: earlier ones were checked)
            batch = min(first[key] for key in bad) + 1  # from 1, as `system.batch_idx`
            bad = [key for key in bad if first[key] + 1 == batch]
        else:
            batch = system.batch_idx
            bad = [key for key in losses + self.inputs[:-1] if key in data and not np.all(np.isfinite(data[key]))]
        if not bad:
            return
        step = system.global_step - system.batch_idx + batch if system.mode == "train" else system.global_step
        self.stopped_step, system.stop_training = step, True
        noticed = "" if step == system.global_step else f", noticed at step {system.global_step}"
        print(f"FastEstimator-TerminateOnNaN: '{bad[0]}' is not finite at step {step} (batch {batch} of epoch "
              f"{system.epoch_idx}, mode '{system.mode}'){noticed}; stopping", flush=True)
