"""KerasCallbackTrace: a Keras callback run as a Trace, with the logs Keras would give it."""
import keras
import numpy as np

from kerasfe import distribute
from kerasfe.backend.keras_internals import defines_hook
from kerasfe.errors import WrongTypeError
from kerasfe.restorable import plain_state, set_plain_state
from kerasfe.schedule import Scheduler, map_values
from kerasfe.trace.bus import ALL_KEYS
from kerasfe.trace.trace import Trace


FILE_WRITERS = (keras.callbacks.ModelCheckpoint, keras.callbacks.CSVLogger, keras.callbacks.TensorBoard)


class KerasCallbackTrace(Trace):
    """Runs a `keras.callbacks.Callback` as a Trace, with the arguments and logs Keras would give it.

    Train batches and epochs map to `on_train_*` (epochs numbered from 0, as in Keras), evaluation to
    `on_test_*`; `on_epoch_end` gets the epoch's scalar train logs (losses and what earlier Traces
    logged) plus the evaluation's as `val_<key>` (so `monitor="val_accuracy"` works), after the
    evaluation when the epoch has one (with several eval data sets, `val_<key>_<ds_id>`, after the
    last of them). The callback's params hold the run's `epochs`, the epoch's `steps` and `verbose=1`
    (so a `ProgbarLogger` prints its bar). Batch hooks the callback does not define cost nothing.
    Under distributed training the Keras callbacks that only write files (`FILE_WRITERS`) run on the chief
    process alone, as kerasfe's own writers do.

    Args:
        callback: the Keras callback.

    Example:
        >>> import keras
        >>> KerasCallbackTrace(keras.callbacks.History()).describe()
        'KerasCallbackTrace(History)'
    """

    def __init__(self, callback):
        if not isinstance(callback, keras.callbacks.Callback):
            raise WrongTypeError(f"KerasCallbackTrace needs a keras.callbacks.Callback; got {type(callback).__name__}")
        self.callback_name = type(callback).__name__
        self.callback = callback if distribute.is_chief() or not isinstance(callback, FILE_WRITERS) \
            else keras.callbacks.Callback()  # a callback that does nothing
        super().__init__(inputs=ALL_KEYS, mode=("train", "eval"))
        self._defines = {"train_begin": _defines_any(callback, "on_train_batch_begin", "on_batch_begin"),
                         "train_end": _defines_any(callback, "on_train_batch_end", "on_batch_end"),
                         "test_begin": defines_hook(callback, "on_test_batch_begin"),
                         "test_end": defines_hook(callback, "on_test_batch_end")}
        self._train_logs, self._val_logs = {}, {}

    def describe(self):
        return f"KerasCallbackTrace({self.callback_name})"

    def get_state(self):
        """Its own state and the callback's plain-data attributes (EarlyStopping's `wait` and `best`, ...; not the
        `params` Keras sets), so a RestoreWizard snapshot resumes the callback too.

        Example:
            >>> trace = KerasCallbackTrace(keras.callbacks.EarlyStopping(patience=3))
            >>> trace.callback.wait = 2
            >>> fresh = KerasCallbackTrace(keras.callbacks.EarlyStopping(patience=3))
            >>> fresh.set_state(trace.get_state()); fresh.callback.wait
            2
        """
        return {"trace": super().get_state(), "callback": plain_state(self.callback, exclude=("params",))}

    def set_state(self, state):
        super().set_state(state["trace"])
        set_plain_state(self.callback, state["callback"])

    def on_begin(self, data):
        self.callback.set_model(self.system.network)
        self._set_params()
        self.callback.on_train_begin(scalar_logs(data))

    def on_epoch_begin(self, data):
        if self.system.mode == "train":
            self._set_params()
            self.callback.on_epoch_begin(self.system.epoch_idx - 1, {})
        else:
            self.callback.on_test_begin({})

    def needs_batch(self, step):
        prefix = "train" if self.system.mode == "train" else "test"
        return self._defines[prefix + "_begin"] or self._defines[prefix + "_end"]

    def on_batch_begin(self, data):
        train = self.system.mode == "train"
        if self._defines["train_begin" if train else "test_begin"]:
            hook = self.callback.on_train_batch_begin if train else self.callback.on_test_batch_begin
            hook(self.system.batch_idx - 1, {})

    def on_batch_end(self, data):
        train = self.system.mode == "train"
        if self._defines["train_end" if train else "test_end"]:
            hook = self.callback.on_train_batch_end if train else self.callback.on_test_batch_end
            hook(self.system.batch_idx - 1, scalar_logs(data))

    def on_epoch_end(self, data):
        logs = scalar_logs(data)
        if self.system.mode == "train":
            self._train_logs = logs
            if "eval" not in self.system.epoch_modes:
                self.callback.on_epoch_end(self.system.epoch_idx - 1, logs)
        else:
            self.callback.on_test_end(logs)
            suffix = "" if self.system.ds_id is None else f"_{self.system.ds_id}"
            own = {**logs, **scalar_logs(data.logs)}  # this data set's values (the bus may hold overall ones)
            self._val_logs.update({f"val_{key}{suffix}": value for key, value in own.items()})
            self._val_logs.update({f"val_{key}": value for key, value in scalar_logs(data.overall_logs).items()})
            if self.system.ds_id == self.system.mode_ds_ids[-1]:  # the epoch's last evaluation
                self.callback.on_epoch_end(self.system.epoch_idx - 1, {**self._train_logs, **self._val_logs})
                self._val_logs = {}

    def on_end(self, data):
        self.callback.on_train_end(self._train_logs)

    def _set_params(self):
        self.callback.set_params({"epochs": self.system.total_epochs, "steps": self.system.epoch_steps, "verbose": 1})


def _defines_any(callback, *hooks):
    return any(defines_hook(callback, hook) for hook in hooks)


def scalar_logs(logs):
    """The scalar (number) entries of a logs or batch dict, as floats: what Keras callbacks are given.

    Example:
        >>> import numpy as np
        >>> scalar_logs({"ce": np.float32(0.5), "y_pred": np.zeros(3), "name": "a"})
        {'ce': 0.5}
    """
    return {key: float(value) for key, value in logs.items() if np.ndim(value) == 0 and not isinstance(value, str)}


def to_trace(item):
    """A Trace (or scheduler of Traces) as is; a Keras callback (also inside a scheduler) wrapped as a Trace.

    Example:
        >>> import keras
        >>> type(to_trace(keras.callbacks.History())).__name__
        'KerasCallbackTrace'
    """
    if isinstance(item, Scheduler):
        return map_values(item, to_trace)
    if item is None or isinstance(item, Trace):
        return item
    if isinstance(item, keras.callbacks.Callback):
        return KerasCallbackTrace(item)
    raise WrongTypeError(f"traces must be Traces, keras callbacks or schedulers of them; got {type(item).__name__}")
