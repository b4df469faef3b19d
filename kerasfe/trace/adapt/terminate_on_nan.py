"""TerminateOnNaN: stops training when a loss becomes NaN or infinite."""
import numpy as np

from kerasfe.trace.essential import logged_losses
from kerasfe.trace.trace import Trace


class TerminateOnNaN(Trace):
    """Checks every loss (and `monitor_names`) after each batch; stops training at the first non-finite
    value. Each check reads the values from the device, so it costs a sync per batch.

    Args:
        monitor_names: extra keys to check.
        mode: where it checks ("train" by default).

    Example:
        >>> TerminateOnNaN(monitor_names="grad_norm").inputs
        ['grad_norm']
    """

    def __init__(self, monitor_names=None, mode="train"):
        super().__init__(inputs=monitor_names, mode=mode)
        self.stopped_step = None

    def on_batch_end(self, data):
        for key in logged_losses(self.system.network) + self.inputs:
            if key in data and not np.all(np.isfinite(data[key])):
                self.stopped_step = self.system.global_step
                self.system.stop_training = True
                print(f"FastEstimator-TerminateOnNaN: '{key}' is not finite at step {self.stopped_step}; "
                      "stopping", flush=True)
                return
