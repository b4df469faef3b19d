"""LRScheduler: sets a model's learning rate from a function of the step or the epoch."""
import inspect

import keras

from kerasfe.backend.keras_internals import learning_rate_of
from kerasfe.errors import ConfigError
from kerasfe.op.tensorop import UpdateOp
from kerasfe.schedule.arc import ARC
from kerasfe.trace.trace import Trace


class LRScheduler(Trace):
    """Sets `model`'s learning rate with `lr_fn(step)` before every train step or `lr_fn(epoch)` at every epoch.

    The argument's name says which. As in FastEstimator, `lr_fn` runs in Python on the host and its value is fed
    to the optimizer, so any Python works (`if`, `max()`, math, numpy); nothing of it is traced into the compiled
    step. A per-step function makes each compiled call run one step (and, under JAX, puts the step's state back
    into the variables each step so the new rate takes effect). `<model>_lr` is logged.

    Args:
        model: the model (from `fe.build`) whose optimizer to drive; its optimizer must have a plain learning rate
            (not a `keras.optimizers.schedules.LearningRateSchedule`).
        lr_fn: a function of `step` or of `epoch` (both from 1), or an `ARC` (or "arc": `ARC()`), which multiplies
            the rate every `frequency` epochs by what it predicts from the model's train losses (each batch's), eval
            losses and rates.
        ds_id: the data sets it runs on (see Trace).

    Example:
        >>> import keras
        >>> from kerasfe.schedule import cosine_decay
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)], name="net")
        >>> LRScheduler(model, lambda step: cosine_decay(step, cycle_length=100, init_lr=1e-3)).unit
        'step'
        >>> LRScheduler(model, lambda step: 0.1 if step < 10 else max(0.01, 0.1 / step)).lr_fn(20)
        0.01
    """

    def __init__(self, model, lr_fn, ds_id=None):
        self.model, self.lr_fn = model, ARC() if isinstance(lr_fn, str) and lr_fn == "arc" else lr_fn
        if isinstance(self.lr_fn, ARC):
            super().__init__(outputs=f"{model.name}_lr", mode=["train", "eval"], ds_id=ds_id)
            self.unit, self.loss_key, self.arc_means = "arc", None, []
            return
        super().__init__(outputs=f"{model.name}_lr", mode="train", ds_id=ds_id)
        parameters = list(inspect.signature(lr_fn).parameters)
        if parameters not in (["step"], ["epoch"]):
            raise ConfigError(f"{self.describe()}: lr_fn must take one argument named 'step' or 'epoch'; "
                              f"it takes {parameters}")
        self.unit = parameters[0]

    def describe(self):
        return f"LRScheduler({self.model.name})"

    def on_begin(self, data):
        if isinstance(learning_rate_of(self.model.optimizer), keras.optimizers.schedules.LearningRateSchedule):
            raise ConfigError(f"{self.describe()}: the optimizer of '{self.model.name}' already follows a Keras "
                              "LearningRateSchedule, so it has no rate to set; fix: build the model with a plain "
                              "learning rate (e.g. optimizer_fn=lambda: keras.optimizers.Adam(1e-3)), or drop the "
                              "LRScheduler")
        if self.unit == "arc":
            keys = {op.loss_name for op in self.system.network.ops if isinstance(op, UpdateOp) and op.model is self.model}
            if len(keys) != 1:
                raise ConfigError(f"{self.describe()}: ARC follows one loss of model '{self.model.name}', but its "
                                  f"UpdateOps use {sorted(keys)}")
            self.loss_key = keys.pop()

    def on_epoch_begin(self, data):
        if self.unit == "arc" and self.system.mode == "train":
            self.arc_means = []
            multiplier = self.lr_fn.multiplier_at(self.system.epoch_idx)
            if multiplier is not None:
                self.system.sync_weights()
                self.model.optimizer.learning_rate = self.current() * multiplier
                print(f"FastEstimator-ARC: Multiplying LR by {multiplier}")
        if self.unit == "epoch":
            self._set(self.system.epoch_idx)

    def needs_batch(self, step):
        if self.unit == "arc":
            return self.system.mode == "train"  # ARC reads every train loss
        return self.unit == "step" or self.system.is_log_step(step)  # a per-step rate is set before every step

    def on_batch_begin(self, data):
        if self.unit == "step":
            self._set(self.system.global_step)

    def on_batch_end(self, data):
        if self.unit == "arc":
            if self.system.mode != "train":
                return
            self.arc_means.append(float(data[self.loss_key]))  # the epoch's running mean so far: undo the mean
            count = len(self.arc_means)
            self.lr_fn.accumulate_single_train_loss(count * self.arc_means[-1] - (count - 1) * (
                self.arc_means[-2] if count > 1 else 0.0))
        if self.system.is_log_step():
            data.write_with_log(self.outputs[0], self.current())

    def on_epoch_end(self, data):
        if self.unit == "arc":
            self.lr_fn.end_epoch(self.system.mode, self.system.epoch_idx, data.get(self.loss_key), self.current())
            if self.system.mode != "train":
                return
        data.write_with_log(self.outputs[0], self.current())

    def current(self):
        """The rate in use at the current step or epoch."""
        if self.unit == "arc":
            return float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate))
        time = self.system.global_step if self.unit == "step" else self.system.epoch_idx
        return float(self.lr_fn(max(time, 1)))

    def _set(self, time):
        self.system.sync_weights()  # under JAX the next step then reads the variables, the new rate included
        self.model.optimizer.learning_rate = float(self.lr_fn(max(time, 1)))
