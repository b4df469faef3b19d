"""The bridge between Traces and Keras callbacks, both ways.

`TraceCallback` runs a list of Traces inside `keras.Model.fit` / `evaluate` as one Keras callback;
`KerasCallbackTrace` runs a Keras callback in a Trace list (the Estimator wraps them automatically).
"""
import keras
import numpy as np
from keras.src import utils

from kerasfe.errors import WrongTypeError
from kerasfe.network import BUS_PREFIX
from kerasfe.schedule import EpochScheduler, RepeatScheduler, get_all_values, get_current_items
from kerasfe.summary import Summary
from kerasfe.trace.system import System
from kerasfe.trace.trace import ALL_KEYS, Data, Trace, sort_traces


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
        self._defines = {hook: not utils.is_default(getattr(callback, hook)) for hook in
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
    if isinstance(item, EpochScheduler):
        return EpochScheduler({epoch: to_trace(value) for epoch, value in item.epoch_dict.items()})
    if isinstance(item, RepeatScheduler):
        return RepeatScheduler([to_trace(value) for value in item.repeat_list])
    if item is None or isinstance(item, Trace):
        return item
    if isinstance(item, keras.callbacks.Callback):
        return KerasCallbackTrace(item)
    raise WrongTypeError(f"traces must be Traces, keras callbacks or schedulers of them; got {type(item).__name__}")


def requested_keys(traces, network):
    """The batch keys the network must return for `traces`: their inputs that no Trace writes and that
    are not losses (the step logs carry losses anyway).

    Example:
        >>> requested_keys([Trace(inputs=["y", "y_pred"], outputs="acc"), Trace(inputs=["acc", "*"])], None)
        ('y', 'y_pred')
    """
    written = {key for trace in traces for key in trace.outputs}
    losses = set(getattr(network, "loss_trackers", {})) | {"loss"}
    return tuple(dict.fromkeys(key for trace in traces for key in trace.inputs
                               if key != ALL_KEYS and key not in written and key not in losses))


def _batch_logs(logs, drop_prefix=None):
    """Step logs as a batch dict: "bus/<key>" becomes "<key>"; keys starting with `drop_prefix` are left out.

    The "bus/" keys are removed from `logs` itself, so the Keras callbacks after this one never see them.
    """
    batch = {}
    for key in list(logs or {}):
        if key.startswith(BUS_PREFIX):
            batch[key[len(BUS_PREFIX):]] = logs.pop(key)
        elif drop_prefix is None or not key.startswith(drop_prefix):
            batch[key] = logs[key]
    return batch


class TraceCallback(keras.callbacks.CallbackList):
    """Runs Traces inside `keras.Model.fit` / `evaluate`: one Keras callback for a whole Trace list.

    Given to `network.fit(callbacks=[...])` (see `as_callbacks`), it makes its own `System` and
    `Summary`, asks the network for the batch keys the Traces read, runs `on_begin` / `on_end` at the
    start / end of fit, train epochs and batches in the "train" mode and evaluations in the
    network's evaluation mode (in fit, the evaluation's epoch end runs right after the train epoch's).
    The Estimator drives it with its own System (`system=...`) and calls `prepare`, `begin` and `end`.

    Values leave the device only when a Trace reads them; Traces whose batch hooks are not defined
    are not called per batch. It removes the "bus/" keys from the logs it gets, so put it before
    other Keras callbacks in `fit(callbacks=...)`: they then see the usual logs.

    Args:
        traces: Traces, Keras callbacks (run as Traces) or schedulers of them.
        system: the System to share (None: a new one, made when Keras sets the model).

    Example:
        >>> callback = TraceCallback([keras.callbacks.History()])
        >>> [trace.describe() for trace in callback.traces]
        ['KerasCallbackTrace(History)']
    """

    def __init__(self, traces, system=None):
        self.traces = [to_trace(item) for item in traces]
        self.system = system
        self.standalone = system is None
        super().__init__(add_history=not self.standalone)  # fit returns `model.history`: give it one
        self._active = {}
        self._in_fit = False
        self._pending_eval = None

    def all_traces(self):
        """Every Trace the list can run, scheduled ones included (each once)."""
        return list({id(trace): trace for item in self.traces for trace in get_all_values(item)}.values())

    def set_model(self, model):
        super().set_model(model)
        if self.standalone and model is not None:
            self.system = System(network=model, summary=Summary())
            model.bus_keys = requested_keys(self.all_traces(), model)

    def prepare(self, mode, epoch, ds_id=None):
        """Selects and orders the Traces of `mode` at `epoch`; returns the batch keys they read."""
        active = sort_traces(get_current_items(self.traces, mode, epoch, ds_id))
        for trace in active:
            trace.system = self.system
        self._active[mode] = (active, [t for t in active if t.overrides("on_batch_begin")],
                              [t for t in active if t.overrides("on_batch_end")])
        self.system.mode, self.system.ds_id = mode, ds_id
        return requested_keys(active, self.system.network)

    def active_traces(self, mode):
        """The Traces `prepare` selected for `mode`, in running order."""
        return self._active[mode][0]

    def begin(self, modes=None):
        """Runs `on_begin` of every Trace that runs in any of `modes` (None: every mode)."""
        self._run(self._traces_of(modes), "on_begin", Data())

    def end(self, modes=None):
        """Runs `on_end` of every Trace that runs in any of `modes` (None: every mode)."""
        self._run(self._traces_of(modes), "on_end", Data())

    def _traces_of(self, modes):
        return [trace for trace in self.all_traces() if modes is None or any(m in trace.mode for m in modes)]

    def _run(self, traces, hook, data):
        for trace in traces:
            trace.system = self.system
            getattr(trace, hook)(data)
        return data

    def _epoch_begin(self, mode):
        self.system.mode, self.system.batch_idx = mode, 0
        self._run(self._active[mode][0], "on_epoch_begin", Data())

    def _batch_begin(self, mode, batch):
        self.system.batch_idx = batch + 1
        if self._active[mode][1]:
            self._run(self._active[mode][1], "on_batch_begin", Data())

    def _batch_end(self, mode, batch, logs):
        self.system.batch_idx = batch + 1
        batch_logs = _batch_logs(logs)
        if self._active[mode][2]:
            data = self._run(self._active[mode][2], "on_batch_end", Data(batch_logs))
            if data.logs:
                self._record(mode, data.logs)

    def _epoch_end(self, mode, data):
        self.system.mode = mode
        data = self._run(self._active[mode][0], "on_epoch_end", data)
        self._record(mode, data.logs, epoch=self.system.epoch_idx)

    def _record(self, mode, logs, epoch=None):
        """Records logs in the Summary; with several data sets in a mode, keys become `key|ds_id`."""
        if self.system.ds_id is not None:
            logs = {f"{key}|{self.system.ds_id}": value for key, value in logs.items()}
        self.system.summary.record(mode, self.system.global_step, logs, epoch=epoch)

    # Keras hooks ---------------------------------------------------------------------------------
    def on_train_begin(self, logs=None):
        if self.standalone:
            self._in_fit = True
            self.system.total_epochs = (self.params or {}).get("epochs", 1)
            self.begin()

    def on_train_end(self, logs=None):
        if self.standalone:
            self._in_fit = False
            self.end()

    def on_epoch_begin(self, epoch, logs=None):
        if self.standalone:
            self.system.epoch_idx = epoch + 1
            self.prepare("train", epoch + 1)
        self._epoch_start_step = self.system.global_step
        self.system.epoch_steps = (self.params or {}).get("steps")
        self._epoch_begin("train")

    def on_train_batch_begin(self, batch, logs=None):
        self.system.global_step = self._epoch_start_step + batch + 1
        self._batch_begin("train", batch)

    def on_train_batch_end(self, batch, logs=None):
        self.system.global_step = self._epoch_start_step + batch + 1
        self._batch_end("train", batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        pending, self._pending_eval = self._pending_eval, None
        if self.standalone:
            self.system.epoch_modes = ("train", "eval") if pending else ("train",)
        self._epoch_end("train", Data(_batch_logs(logs, drop_prefix="val_")))
        if pending:
            self._epoch_end(*pending)

    def on_test_begin(self, logs=None):
        mode = getattr(self._model, "evaluation_mode", "eval")
        if self.standalone:
            self.prepare(mode, max(self.system.epoch_idx, 1))
        self._epoch_begin(mode)

    def on_test_batch_begin(self, batch, logs=None):
        self._batch_begin(self.system.mode, batch)

    def on_test_batch_end(self, batch, logs=None):
        self._batch_end(self.system.mode, batch, logs)

    def on_test_end(self, logs=None):
        data = Data(_batch_logs(logs))
        if self.standalone and self._in_fit:
            self._pending_eval = (self.system.mode, data)
        else:
            self._epoch_end(self.system.mode, data)


def as_callbacks(traces):
    """Traces (and Keras callbacks, and schedulers of them) as a list of Keras callbacks for `model.fit`.

    Example:
        >>> import keras, numpy as np, kerasfe as fe
        >>> from kerasfe.op.tensorop import ModelOp, CrossEntropy, UpdateOp
        >>> from kerasfe.trace.metric import Accuracy
        >>> model = fe.build(lambda: keras.Sequential([keras.Input((2,)), keras.layers.Dense(2, "softmax")]), "sgd")
        >>> network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
        ...                           CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
        ...                           UpdateOp(model=model, loss_name="ce")])
        >>> data = {"x": np.eye(2, dtype="float32").repeat(4, 0), "y": np.arange(2).repeat(4)}
        >>> callbacks = as_callbacks([Accuracy(true_key="y", pred_key="y_pred", mode="train")])
        >>> _ = network.fit(data, batch_size=4, epochs=2, verbose=0, callbacks=callbacks)
        >>> len(callbacks[0].system.summary.history["train"]["accuracy"])
        2
    """
    return [TraceCallback(traces)]
