"""TraceCallback: a list of Traces run inside `keras.Model.fit` / `evaluate` as one Keras callback."""
import keras

from kerasfe.summary import Summary
from kerasfe.trace.bus import requested_keys, split_step_logs
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
    gets, so put it before other Keras callbacks in `fit(callbacks=...)`: they then see the usual logs.

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
        self.runner.batch_end("train", batch, split_step_logs(logs))

    def on_epoch_end(self, epoch, logs=None):
        pending, self._pending_eval = self._pending_eval, None
        if self.standalone and pending:
            self.runner.start_epoch(epoch + 1, ("train", "eval"))
        self.runner.epoch_end("train", split_step_logs(logs, drop_prefix="val_"))
        if pending:
            self.runner.epoch_end(*pending)

    def on_test_begin(self, logs=None):
        mode = getattr(self.model, "evaluation_mode", "eval")
        if self.standalone:
            self.runner.prepare(mode, max(self.runner.system.epoch_idx, 1))
        self.runner.epoch_begin(mode)

    def on_test_batch_begin(self, batch, logs=None):
        self.runner.batch_begin(self.runner.system.mode, batch)

    def on_test_batch_end(self, batch, logs=None):
        self.runner.batch_end(self.runner.system.mode, batch, split_step_logs(logs))

    def on_test_end(self, logs=None):
        batch = split_step_logs(logs)
        if self.standalone and self._in_fit:
            self._pending_eval = (self.runner.system.mode, batch)
        else:
            self.runner.epoch_end(self.runner.system.mode, batch)


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
