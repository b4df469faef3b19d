"""ReduceLROnPlateau: lowers a model's learning rate when a monitored value stops improving."""
import numpy as np

from kerasfe.trace.monitor import Monitor
from kerasfe.trace.trace import Trace


class ReduceLROnPlateau(Trace):
    """Multiplies `model`'s learning rate by `factor` (not below `min_lr`) after `patience` epochs
    without improvement of `metric`; logs `<model>_lr`.

    Args:
        model: the model whose optimizer to change.
        metric: the key watched.
        patience: epochs without improvement before each reduction.
        factor: the multiplier.
        best_mode: "min" (lower is better) or "max" (higher is better).
        min_lr: the lowest rate.
        mode: where it compares ("eval" by default).

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)], name="net")
        >>> ReduceLROnPlateau(model, metric="ce").outputs
        ['net_lr']
    """

    def __init__(self, model, metric="loss", patience=10, factor=0.1, best_mode="min", min_lr=1e-6, mode="eval"):
        super().__init__(inputs=metric, outputs=f"{model.name}_lr", mode=mode)
        self.model, self.patience, self.factor, self.min_lr = model, patience, factor, min_lr
        self.monitor = Monitor(self.describe(), metric, best_mode)

    def on_epoch_end(self, data):
        self.system.sync_weights()
        if not self.monitor.update(data[self.monitor.key]) and self.monitor.since_best >= self.patience:
            rate = float(np.asarray(self.model.optimizer.learning_rate))
            self.model.optimizer.learning_rate = max(rate * self.factor, self.min_lr)
            self.monitor.since_best = 0
        data.write_with_log(self.outputs[0], float(np.asarray(self.model.optimizer.learning_rate)))
