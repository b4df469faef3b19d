"""KerasCallbackTrace: a Keras callback run as a Trace, with the logs Keras would give it."""
import keras
import numpy as np

from kerasfe.backend.keras_internals import defines_hook
from kerasfe.errors import WrongTypeError
from kerasfe.schedule import Scheduler, map_values
from kerasfe.trace.bus import ALL_KEYS
from kerasfe.trace.trace import Trace


class KerasCallbackTrace(Trace):
    """Runs a `keras.callbacks.Callback` as a Trace, with the logs Keras would give it.

    Train batches and epochs map to `on_train_*`, evaluation to `on_test_*`; `on_epoch_end` gets the
    epoch's train logs plus the evaluation's as `val_<key>` (so `monitor="val_loss"` works), after
    the evaluation when the epoch has one (with several eval data sets, `val_<key>_<ds_id>`, after the
    last of them). Batch hooks the callback does not define cost nothing.

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
        self.callback = callback
        super().__init__(inputs=ALL_KEYS, mode=("train", "eval"))
        self._defines = {hook: defines_hook(callback, hook) for hook in
                         ("on_train_batch_begin", "on_train_batch_end", "on_test_batch_begin", "on_test_batch_end")}
        self._train_logs, self._val_logs = {}, {}

    def describe(self):
        return f"KerasCallbackTrace({type(self.callback).__name__})"

    def on_begin(self, data):
        self.callback.set_model(self.system.network)
        self.callback.set_params({"epochs": self.system.total_epochs, "steps": None, "verbose": 0})
        self.callback.on_train_begin(_scalars(data))

    def on_epoch_begin(self, data):
        if self.system.mode == "train":
            self.callback.on_epoch_begin(self.system.epoch_idx - 1)
        else:
            self.callback.on_test_begin()

    def needs_batch(self, step):
        prefix = "on_train" if self.system.mode == "train" else "on_test"
        return self._defines[prefix + "_batch_begin"] or self._defines[prefix + "_batch_end"]

    def on_batch_begin(self, data):
        hook = "on_train_batch_begin" if self.system.mode == "train" else "on_test_batch_begin"
        if self._defines[hook]:
            getattr(self.callback, hook)(self.system.batch_idx - 1)

    def on_batch_end(self, data):
        hook = "on_train_batch_end" if self.system.mode == "train" else "on_test_batch_end"
        if self._defines[hook]:
            getattr(self.callback, hook)(self.system.batch_idx - 1, _scalars(data))

    def on_epoch_end(self, data):
        logs = _scalars(data)
        if self.system.mode == "train":
            self._train_logs = logs
            if "eval" not in self.system.epoch_modes:
                self.callback.on_epoch_end(self.system.epoch_idx - 1, logs)
        else:
            self.callback.on_test_end(logs)
            suffix = "" if self.system.ds_id is None else f"_{self.system.ds_id}"
            self._val_logs.update({f"val_{key}{suffix}": value for key, value in logs.items()})
            if self.system.ds_id == self.system.mode_ds_ids[-1]:  # the epoch's last evaluation
                self.callback.on_epoch_end(self.system.epoch_idx - 1, {**self._train_logs, **self._val_logs})
                self._val_logs = {}

    def on_end(self, data):
        self.callback.on_train_end(self._train_logs)


def _scalars(data):
    return {key: float(value) for key, value in data.items() if np.ndim(value) == 0 and not isinstance(value, str)}


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
