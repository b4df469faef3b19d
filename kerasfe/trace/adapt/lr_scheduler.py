"""LRScheduler: sets a model's learning rate from a function of the step or the epoch."""
import inspect

import keras

from kerasfe.backend.keras_internals import learning_rate_of
from kerasfe.errors import ConfigError
from kerasfe.op.tensorop import UpdateOp
from kerasfe.schedule.arc import ARC
from kerasfe.trace.trace import Trace


class _StepSchedule(keras.optimizers.schedules.LearningRateSchedule):
    """`lr_fn(step)` as a Keras schedule of the optimizer's iterations (step = iterations + 1)."""

    def __init__(self, lr_fn):
        self.lr_fn = lr_fn

    def __call__(self, iterations):
        return keras.ops.cast(self.lr_fn(keras.ops.cast(iterations, "float32") + 1.0), "float32")


class LRScheduler(Trace):
    """Sets `model`'s learning rate with `lr_fn(step)` every step or `lr_fn(epoch)` every epoch.

    The argument's name says which. A per-step function runs inside the compiled train step (as a
    Keras `LearningRateSchedule` of the optimizer's iterations), so it must use `keras.ops` or plain
    arithmetic, like the schedules of `kerasfe.schedule`; nothing leaves the device per step. A
    per-epoch function runs in Python at each epoch start. `<model>_lr` is logged.

    Args:
        model: the model (from `fe.build`) whose optimizer to drive.
        lr_fn: a function of `step` or of `epoch` (both from 1), or an `ARC` (or "arc": `ARC()`), which multiplies
            the rate every `frequency` epochs by what it predicts from the model's train losses (each batch's), eval
            losses and rates.

    Example:
        >>> import keras
        >>> from kerasfe.schedule import cosine_decay
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)], name="net")
        >>> LRScheduler(model, lambda step: cosine_decay(step, cycle_length=100, init_lr=1e-3)).unit
        'step'
    """

    def __init__(self, model, lr_fn):
        self.model, self.lr_fn = model, ARC() if isinstance(lr_fn, str) and lr_fn == "arc" else lr_fn
        if isinstance(self.lr_fn, ARC):
            super().__init__(outputs=f"{model.name}_lr", mode=["train", "eval"])
            self.unit, self.loss_key, self.arc_means = "arc", None, []
            return
        super().__init__(outputs=f"{model.name}_lr", mode="train")
        parameters = list(inspect.signature(lr_fn).parameters)
        if parameters not in (["step"], ["epoch"]):
            raise ConfigError(f"{self.describe()}: lr_fn must take one argument named 'step' or 'epoch'; "
                              f"it takes {parameters}")
        self.unit = parameters[0]

    def describe(self):
        return f"LRScheduler({self.model.name})"

    def on_begin(self, data):
        if self.unit == "arc":
            keys = {op.loss_name for op in self.system.network.ops if isinstance(op, UpdateOp) and op.model is self.model}
            if len(keys) != 1:
                raise ConfigError(f"{self.describe()}: ARC follows one loss of model '{self.model.name}', but its "
                                  f"UpdateOps use {sorted(keys)}")
            self.loss_key = keys.pop()
        if self.unit == "step" and not isinstance(learning_rate_of(self.model.optimizer), _StepSchedule):
            self.model.optimizer.learning_rate = _StepSchedule(self.lr_fn)
            self.system.network.make_train_function(force=True)  # a compiled step would keep the old rate

    def on_epoch_begin(self, data):
        if self.unit == "arc" and self.system.mode == "train":
            self.arc_means = []
            multiplier = self.lr_fn.multiplier_at(self.system.epoch_idx)
            if multiplier is not None:
                self.system.sync_weights()
                self.model.optimizer.learning_rate = self.current() * multiplier
                print(f"FastEstimator-ARC: Multiplying LR by {multiplier}")
        if self.unit == "epoch":
            self.system.sync_weights()
            self.model.optimizer.learning_rate = float(self.lr_fn(self.system.epoch_idx))

    def needs_batch(self, step):
        if self.unit == "arc":
            return self.system.mode == "train"  # ARC reads every train loss
        return self.system.is_log_step(step)  # it reads batches at log steps only

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
