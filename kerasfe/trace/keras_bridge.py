"""TraceCallback: a list of Traces run inside `keras.Model.fit` / `evaluate` as one Keras callback; the callbacks
of a `Network.fit` call made ready for it (order, "auto" monitor modes)."""
import keras

from kerasfe.backend.keras_internals import is_monitor_callback
from kerasfe.summary import Summary
from kerasfe.trace.bus import BUS_PREFIX, requested_keys, split_step_logs
from kerasfe.trace.keras_callback_trace import KerasCallbackTrace, scalar_logs
from kerasfe.trace.runner import TraceRunner
from kerasfe.trace.system import System


class TraceCallback(keras.callbacks.Callback):
    """Runs Traces inside `keras.Model.fit` / `evaluate`: a thin Keras callback over a `TraceRunner`.

    Given to `network.fit(callbacks=[...])` (see `as_callbacks`), it makes its own `System` and
    `Summary`, asks the network for the batch keys the Traces read, runs `on_begin` / `on_end` at the
    start / end of fit, train epochs and batches in the "train" mode and evaluations in the network's
    evaluation mode (in fit, the evaluation's epoch end runs right after the train epoch's). The
    Estimator drives its runner itself (`runner=...`): then this callback only forwards epochs and
    batches.

    Values leave the device only when a Trace reads them. It removes the "bus/" keys from the logs it
    gets and adds the scalars the Traces log (evaluation ones as `val_<key>` at the epoch end), so the
    Keras callbacks after it see the usual logs plus the Traces' results (`Network.fit` puts it first).

    Args:
        traces: Traces, Keras callbacks (run as Traces) or schedulers of them (when `runner` is None).
        runner: the `TraceRunner` to forward to (None: a new one, made when Keras sets the model).

    Example:
        >>> callback = TraceCallback([keras.callbacks.History()])
        >>> [trace.describe() for trace in callback.traces]
        ['KerasCallbackTrace(History)']
    """

    def __init__(self, traces=(), runner=None):
        super().__init__()
        self.standalone = runner is None
        self.runner = TraceRunner(traces, System(network=None, summary=Summary())) if runner is None else runner
        self._in_fit = False
        self._pending_eval = None

    @property
    def traces(self):
        """The Traces (and schedulers of Traces) this callback runs."""
        return self.runner.traces

    @property
    def system(self):
        """The `System` the Traces share."""
        return self.runner.system

    def set_model(self, model):
        super().set_model(model)
        if self.standalone and model is not None:
            self.runner.use_network(model)
            model.bus_keys = requested_keys(self.runner.all_traces(), model)

    # Keras hooks ---------------------------------------------------------------------------------
    def on_train_begin(self, logs=None):
        if self.standalone:
            self._in_fit = True
            self.runner.system.total_epochs = (self.params or {}).get("epochs", 1)
            self.runner.begin()

    def on_train_end(self, logs=None):
        if self.standalone:
            self._in_fit = False
            self.runner.end()

    def on_epoch_begin(self, epoch, logs=None):
        if self.standalone:
            self.runner.start_epoch(epoch + 1, ("train",))
            self.runner.prepare("train", epoch + 1)
        self.runner.epoch_begin("train", steps=(self.params or {}).get("steps"))

    def on_train_batch_begin(self, batch, logs=None):
        self.runner.batch_begin("train", batch)

    def on_train_batch_end(self, batch, logs=None):
        _add(logs, self.runner.batch_end("train", batch, split_step_logs(logs)))

    def on_epoch_end(self, epoch, logs=None):
        pending, self._pending_eval = self._pending_eval, None
        if self.standalone and pending:
            self.runner.start_epoch(epoch + 1, ("train", "eval"))
        for key in [key for key in logs or {} if key.startswith("val_" + BUS_PREFIX)]:
            logs.pop(key)
        _add(logs, self.runner.epoch_end("train", split_step_logs(logs, drop_prefix="val_")))
        if pending:
            _add(logs, self.runner.epoch_end(*pending), prefix="val_")

    def on_test_begin(self, logs=None):
        mode = getattr(self.model, "evaluation_mode", "eval")
        if self.standalone:
            self.runner.prepare(mode, max(self.runner.system.epoch_idx, 1))
        self.runner.epoch_begin(mode, steps=(self.params or {}).get("steps"))

    def on_test_batch_begin(self, batch, logs=None):
        self.runner.batch_begin(self.runner.system.mode, batch)

    def on_test_batch_end(self, batch, logs=None):
        _add(logs, self.runner.batch_end(self.runner.system.mode, batch, split_step_logs(logs)))

    def on_test_end(self, logs=None):
        batch = split_step_logs(logs)
        if self.standalone and self._in_fit:
            self._pending_eval = (self.runner.system.mode, batch)
        else:
            _add(logs, self.runner.epoch_end(self.runner.system.mode, batch))


def _add(logs, trace_logs, prefix=""):
    """Adds the scalars Traces logged to the Keras logs (in place: later callbacks get the same dict)."""
    if logs is not None:
        logs.update({prefix + key: value for key, value in scalar_logs(trace_logs).items()})


def prepare_callbacks(callbacks, network):
    """The callbacks of a `network.fit` call, made ready: TraceCallbacks first (they take the "bus/" keys out
    of the logs before any other callback sees them), and every Keras callback that monitors a key in
    mode "auto" told the key's direction (see `resolve_monitor_modes`). A `CallbackList` (the
    Estimator's) keeps its order.

    Example:
        >>> stop, traces = keras.callbacks.EarlyStopping(monitor="val_accuracy"), TraceCallback()
        >>> prepare_callbacks([stop, traces], None) == [traces, stop]
        True
    """
    if isinstance(callbacks, keras.callbacks.CallbackList):
        resolve_monitor_modes(callbacks.callbacks, network)
        return callbacks
    ordered = sorted(callbacks or [], key=lambda callback: not isinstance(callback, TraceCallback))
    resolve_monitor_modes(ordered, network)
    return ordered


def monitor_directions(network, traces):
    """{key: "min" or "max"}: the network's losses are minimised ("min"); Traces declare their outputs'
    directions (`Trace.monitor_direction`).

    Example:
        >>> from kerasfe.trace.metric import Accuracy
        >>> monitor_directions(None, [Accuracy("y", "y_pred")])
        {'loss': 'min', 'accuracy': 'max'}
    """
    directions = {key: "min" for key in ["loss", *getattr(network, "loss_trackers", {})]}
    for trace in traces:
        for key in trace.outputs:
            if trace.monitor_direction(key) is not None:
                directions[key] = trace.monitor_direction(key)
    return directions


def resolve_monitor_modes(callbacks, network):
    """Sets `mode` to "min" / "max" on the Keras callbacks that monitor a kerasfe key in mode "auto"
    (`EarlyStopping`, `ModelCheckpoint`, `ReduceLROnPlateau`, ...), from `monitor_directions` of the
    network and of the Traces that TraceCallbacks among `callbacks` run. `val_<key>` and `val_<key>_<ds_id>`
    take the direction of `<key>`. Keras callbacks run as Traces (inside a TraceCallback) are included.

    Example:
        >>> from kerasfe.trace.metric import Accuracy
        >>> stop = keras.callbacks.EarlyStopping(monitor="val_accuracy")
        >>> resolve_monitor_modes([TraceCallback([Accuracy("y", "y_pred"), stop])], None)
        >>> stop.mode
        'max'
    """
    traces = [trace for callback in callbacks if isinstance(callback, TraceCallback)
              for trace in callback.runner.all_traces()]
    directions = monitor_directions(network, traces)
    keras_callbacks = _flatten([callback for callback in callbacks if not isinstance(callback, TraceCallback)] +
                               [trace.callback for trace in traces if isinstance(trace, KerasCallbackTrace)])
    for callback in keras_callbacks:
        if is_monitor_callback(callback) and callback.mode == "auto" and callback.monitor_op is None:
            name = callback.monitor.removeprefix("val_")
            direction = directions.get(name) or directions.get(name.rpartition("_")[0])
            if direction is not None:
                callback.mode = direction


def _flatten(callbacks):
    """The callbacks, with those inside CallbackLists listed themselves."""
    return [inner for callback in callbacks
            for inner in (_flatten(callback.callbacks) if isinstance(callback, keras.callbacks.CallbackList)
                          else [callback])]


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
