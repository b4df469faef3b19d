"""EarlyStopping: stops training when a monitored value stops improving."""
from kerasfe.trace.monitor import Monitor
from kerasfe.trace.trace import Trace


class EarlyStopping(Trace):
    """Stops training once `monitor` has not improved for `patience` epochs.

    Args:
        monitor: the key watched (a loss or a metric Trace's output).
        min_delta: how much better a value must be to count as an improvement.
        patience: epochs without improvement before stopping (0: stop at the first).
        compare: "min" or "max".
        baseline: a value the monitor must beat to count as improving.
        restore_best_weights: put the network's weights of the best epoch back when stopping.
        mode: where it compares ("eval" by default).

    Example:
        >>> EarlyStopping(monitor="accuracy", compare="max", patience=3).inputs
        ['accuracy']
    """

    def __init__(self, monitor="loss", min_delta=0.0, patience=0, compare="min", baseline=None,
                 restore_best_weights=False, mode="eval"):
        super().__init__(inputs=monitor, mode=mode)
        self.monitor = Monitor(self.describe(), monitor, compare, min_delta, baseline)
        self.patience, self.restore_best_weights = patience, restore_best_weights
        self.best_weights, self.stopped_epoch = None, None

    def on_epoch_end(self, data):
        if self.monitor.update(data[self.monitor.key]):
            if self.restore_best_weights:
                self.system.sync_weights()
                self.best_weights = self.system.network.get_weights()
        elif self.monitor.since_best >= self.patience:
            self.stopped_epoch = self.system.epoch_idx
            self.system.stop_training = True
            if self.best_weights is not None:
                self.system.sync_weights()
                self.system.network.set_weights(self.best_weights)
            print(f"FastEstimator-EarlyStopping: '{self.monitor.key}' has not improved for "
                  f"{self.monitor.since_best} epochs; stopping at epoch {self.stopped_epoch}", flush=True)
