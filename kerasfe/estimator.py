"""Estimator: trains a Network on a Pipeline's data, epoch by epoch, with Traces around every step."""
import contextlib
import warnings

import keras

from kerasfe import backend, training_state
from kerasfe.backend.keras_internals import take_initial_epoch
from kerasfe.errors import ConfigError, MissingKeyError
from kerasfe.network.checks import FIRST_NONFINITE, check_data, check_scheduled_updates
from kerasfe.op.op import as_list, to_list
from kerasfe.pipeline import ReadAhead, num_batches
from kerasfe.pipeline.engines.tf_data import original_errors
from kerasfe.schedule import get_all_values, get_signature_epochs
from kerasfe.summary.history import recorded
from kerasfe.trace.adapt.terminate_on_nan import TerminateOnNaN
from kerasfe.trace.bus import ALL_KEYS
from kerasfe.trace.essential import EvalEssential, TrainEssential
from kerasfe.trace.io.restore_wizard import RestoreWizard, find_snapshot
from kerasfe.trace.keras_bridge import TraceCallback
from kerasfe.trace.keras_callback_trace import to_trace
from kerasfe.trace.logger import Logger
from kerasfe.trace.runner import TraceRunner
from kerasfe.trace.system import System

AUTOMATIC_TRACES = (TrainEssential, EvalEssential, Logger, TerminateOnNaN)  # added by the Estimator
AUTO_STEPS_PER_EXECUTION = 64  # the most steps per compiled call of steps_per_execution="auto"


class Estimator:
    """Runs `epochs` of training (each followed by an evaluation when there is eval data) and testing.

    Each epoch of each mode is one call of `run_epoch`: one `network.fit` (train) or
    `network.evaluate` (eval / test) over that epoch's batches, so per-epoch changes take effect, with
    the Traces running inside through a `TraceCallback` over the Estimator's `TraceRunner`. Keras callbacks in `traces` run as Traces.
    Before the first step a smoke test checks one batch of every mode: the ops' keys and shapes, and
    that every key a Trace reads is written by the data, an op or an earlier Trace.

    Args:
        pipeline: a `fe.Pipeline`.
        network: a `fe.Network`.
        epochs: how many epochs to train.
        traces: Traces, Keras callbacks, or schedulers of them (one alone counts as a list of one). A
            `TerminateOnNaN` is added unless the list has one (or `keras.callbacks.TerminateOnNaN`): training
            stops at the first non-finite loss, before a saver can write non-finite weights.
        max_train_steps_per_epoch: cap on train steps per epoch (None: the whole data set; else an int >= 1).
        max_eval_steps_per_epoch: cap on eval / test steps (None: the whole data set; else an int >= 1).
        monitor_names: extra batch keys to log with the losses.
        log_steps: log the train losses every this many steps (0: only per epoch; None: no printing).
        train_steps_per_epoch: FastEstimator's meaning: every train epoch runs exactly this many steps, cut short
            or, for a map-style data set, extended by further passes over the data (each with its own shuffle); a
            stream (tf.data, generator) can only be cut short. Give this or `max_train_steps_per_epoch`, not both.
        eval_steps_per_epoch: the same for eval / test epochs (instead of `max_eval_steps_per_epoch`).
        eval_log_steps: the eval steps (from 1) at which to print an `Eval Progress: step/total` line (FastEstimator's
            eval progress; () prints none).
        steps_per_execution: the most steps one compiled call may run ("auto": 64; 1: one step per call).
            Each epoch the Estimator runs the most steps per call (Keras's `steps_per_execution`) that keep
            the epoch's exact number of steps and still run the batch hooks after every batch an active
            Trace needs (`Trace.needs_batch`: by default every batch of a Trace with batch hooks; the
            Logger only its log steps), so the results match one step per call exactly. A compiled step
            is made again only when its number changes; the network keeps the last one used
            (`network.compile()` sets it back). PyTorch runs one step per call.

    Example:
        >>> import keras, numpy as np, kerasfe as fe
        >>> from kerasfe.op.tensorop import ModelOp, MeanSquaredError, UpdateOp
        >>> model = fe.build(lambda: keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)]), "sgd")
        >>> network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
        ...                           MeanSquaredError(inputs=("y_pred", "y"), outputs="mse"),
        ...                           UpdateOp(model=model, loss_name="mse")])
        >>> data = {"x": np.ones((8, 3), "float32"), "y": np.zeros((8, 1), "float32")}
        >>> estimator = fe.Estimator(fe.Pipeline(train_data=data, eval_data=data, batch_size=4), network,
        ...                          epochs=2, log_steps=None)
        >>> summary = estimator.fit("exp1")
        >>> len(summary.epoch_values("train", "mse")), len(summary.epoch_values("eval", "mse"))
        (2, 2)
    """

    def __init__(self, pipeline, network, epochs, traces=None, max_train_steps_per_epoch=None,
                 max_eval_steps_per_epoch=None, monitor_names=None, log_steps=100, steps_per_execution="auto",
                 train_steps_per_epoch=None, eval_steps_per_epoch=None, eval_log_steps=()):
        if not isinstance(epochs, int) or epochs < 1:
            raise ConfigError(f"Estimator: epochs must be a positive int; got {epochs!r}")
        if log_steps is not None and (not isinstance(log_steps, int) or log_steps < 0):
            raise ConfigError(f"Estimator: log_steps must be None or an int >= 0; got {log_steps!r}")
        if steps_per_execution != "auto" and (not isinstance(steps_per_execution, int) or steps_per_execution < 1):
            raise ConfigError(f"Estimator: steps_per_execution must be 'auto' or an int >= 1; got "
                              f"{steps_per_execution!r}")
        for name, value, mode in (("max_train_steps_per_epoch", max_train_steps_per_epoch, "train"),
                                  ("max_eval_steps_per_epoch", max_eval_steps_per_epoch, "eval' / 'test"),
                                  ("train_steps_per_epoch", train_steps_per_epoch, "train"),
                                  ("eval_steps_per_epoch", eval_steps_per_epoch, "eval' / 'test")):
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                raise ConfigError(f"Estimator: {name} must be None (the whole epoch) or an int >= 1 (the most steps "
                                  f"per epoch of mode '{mode}'); got {value!r}")
        for mode, exact, most in (("train", train_steps_per_epoch, max_train_steps_per_epoch),
                                  ("eval", eval_steps_per_epoch, max_eval_steps_per_epoch)):
            if exact is not None and most is not None:
                raise ConfigError(f"Estimator: give either {mode}_steps_per_epoch (FastEstimator's: exactly that many "
                                  f"steps) or max_{mode}_steps_per_epoch (at most that many), not both")
        eval_log_steps = to_list(eval_log_steps)
        if any(not isinstance(step, int) or isinstance(step, bool) or step < 1 for step in eval_log_steps):
            raise ConfigError(f"Estimator: eval_log_steps must be eval steps (ints >= 1); got {eval_log_steps!r}")
        self.extend_epochs = {"train": train_steps_per_epoch is not None, "eval": eval_steps_per_epoch is not None}
        max_train_steps_per_epoch = train_steps_per_epoch or max_train_steps_per_epoch
        max_eval_steps_per_epoch = eval_steps_per_epoch or max_eval_steps_per_epoch
        self.steps_per_execution = AUTO_STEPS_PER_EXECUTION if steps_per_execution == "auto" else steps_per_execution
        self._compiled = {}  # "train_function" / "test_function": (the compiled step, its steps per call)
        self._resumed_batches = 0  # train batches of the next epoch a restored snapshot already ran
        self.pipeline, self.network, self.epochs = pipeline, network, epochs
        self.max_train_steps_per_epoch = max_train_steps_per_epoch
        self.max_eval_steps_per_epoch = max_eval_steps_per_epoch
        self.system = System(network=network, pipeline=pipeline, total_epochs=epochs, log_steps=log_steps,
                             train_steps_per_epoch=train_steps_per_epoch, eval_steps_per_epoch=eval_steps_per_epoch,
                             eval_log_steps=eval_log_steps, max_train_steps_per_epoch=max_train_steps_per_epoch,
                             max_eval_steps_per_epoch=max_eval_steps_per_epoch)
        monitor_names = to_list(monitor_names)
        traces = [to_trace(trace) for trace in as_list(traces)]
        guarded = any(isinstance(trace, TerminateOnNaN) or isinstance(getattr(trace, "callback", None),
                                                                        keras.callbacks.TerminateOnNaN)
                      for item in traces for trace in get_all_values(item))
        traces = [TrainEssential(monitor_names), EvalEssential(monitor_names)] + traces + \
            ([] if guarded else [TerminateOnNaN(every_batch=False)]) + ([] if log_steps is None else [Logger()])
        self.runner = TraceRunner(traces, self.system)
        self.callbacks = keras.callbacks.CallbackList([TraceCallback(runner=self.runner)], add_history=True,
                                                      model=network)  # fit returns `model.history`

    @property
    def traces(self):
        """Every Trace (and scheduler of Traces) the Estimator runs, the automatic ones included."""
        return self.runner.traces

    @recorded
    def fit(self, summary=None, resume_from=None):
        """Trains for `epochs` epochs (evaluating after each); returns the run's `Summary`.

        A run with a `RestoreWizard` among its traces resumes from the newest snapshot in its directory, if there is
        one; `resume_from` names a snapshot to resume from instead. Resuming puts the whole saved state back (see
        `kerasfe.training_state`) and continues at the step after the snapshot's, in the middle of an epoch too.

        Args:
            summary: the experiment's name, kept in the Summary.
            resume_from: a snapshot folder a RestoreWizard wrote, or a RestoreWizard's directory (its newest one).
        """
        modes = [mode for mode in ("train", "eval") if mode in self.pipeline.modes()]
        self._start(summary, modes)
        snapshot = find_snapshot(resume_from) if resume_from is not None else self._latest_snapshot()
        self.runner.begin(modes)
        first_epoch = self._resume(snapshot) if snapshot is not None else self._resumed_epochs() + 1
        last_epoch = first_epoch - 1 if self.system.stop_training else self.epochs  # a stopped run stays stopped
        with self._traces_reading_the_bus():
            for epoch in range(first_epoch, last_epoch + 1):
                self.runner.start_epoch(epoch, modes)
                for mode in modes:
                    self.run_epoch(mode, epoch)
                    if self.system.stop_training:
                        break
                if self.system.stop_training:
                    break
        self.runner.end(modes)
        return self.system.summary

    @recorded
    def test(self, summary=None):
        """Runs the test data through the "test" ops and Traces; returns the `Summary` (fit's, if it ran)."""
        self._start(summary if self.system.summary is None else self.system.summary.name, ["test"],
                    keep_state=self.system.summary is not None)
        self.runner.start_epoch(max(self.system.epoch_idx, 1), ["test"])
        self.runner.begin(["test"])
        with self._traces_reading_the_bus():
            self.run_epoch("test", self.system.epoch_idx)
        self.runner.end(["test"])
        return self.system.summary

    @contextlib.contextmanager
    def _traces_reading_the_bus(self):
        """While it is open, the network's steps return the batch keys the Traces read (`run_epoch` sets them);
        after, none, so that the user's own `network.evaluate` / `predict` return only losses again."""
        try:
            yield
        finally:
            self.network.bus_keys = {}

    def run_epoch(self, mode, epoch):
        """Runs one epoch of `mode`: one `network.fit` (train) or one `network.evaluate` per data set of the
        mode (eval / test) on the pipeline's batches for `epoch`, with the Traces active there."""
        ds_ids = self.pipeline.get_ds_ids(mode)
        self.network.set_epoch(epoch)
        for ds_id in ds_ids:
            self.network.set_ds_id(ds_id)
            self.network.bus_keys = {**self.network.bus_keys, mode: self.runner.prepare(mode, epoch, ds_id, ds_ids)}
            start = 0
            if mode == "train":
                start, self._resumed_batches = self._resumed_batches, 0
            loader = self.pipeline.get_loader(mode, epoch, ds_id, max_steps=self._max_steps(mode), start=start,
                                              extend=self.extend_epochs["train" if mode == "train" else "eval"],
                                              check_finite=True)
            steps = num_batches(loader)  # None: the source is read until it runs out
            self.runner.batch_count = None
            if steps is None:  # the end is found one batch early, so no Trace sees the batch Keras announces past it
                ahead = ReadAhead(loader)
                loader, self.runner.batch_count = iter(ahead), lambda: ahead.length
            with warnings.catch_warnings(), self._steps_per_call(mode, steps), original_errors():
                # running out is how an epoch of unknown length ends
                warnings.filterwarnings("ignore", message="Your input ran out of data")
                if mode == "train":  # (original_errors: a pipeline error inside tf.data keeps its kerasfe type)
                    self.callbacks.set_params({"epochs": epoch, "steps": steps, "verbose": 0})
                    self.network.fit(loader, epochs=epoch, initial_epoch=epoch - 1, steps_per_epoch=steps,
                                     shuffle=False, verbose=0, callbacks=self.callbacks)
                else:
                    self.callbacks.set_params({"epochs": 1, "steps": steps, "verbose": 0})
                    self.network.evaluate(loader, mode=mode, steps=steps, verbose=0, callbacks=self.callbacks)

    def _max_steps(self, mode):
        return self.max_train_steps_per_epoch if mode == "train" else self.max_eval_steps_per_epoch

    def _latest_snapshot(self):
        """The newest snapshot of the first RestoreWizard among the traces that has one (None: nothing to resume)."""
        snapshots = (trace.latest() for trace in self.runner.all_traces() if isinstance(trace, RestoreWizard))
        return next((snapshot for snapshot in snapshots if snapshot is not None), None)

    def _resume(self, snapshot):
        """Puts back the state saved in the `snapshot` folder; returns the epoch the run continues with (whose
        first train batches the snapshot may have done already)."""
        state = training_state.load(snapshot)
        training_state.restore(self.system, state)
        position = state["position"]
        self._resumed_batches = position["batches_done"]
        self.runner.resume_at(position["epoch"] - 1, position["global_step"], position["batches_done"],
                              lambda: training_state.restore_progress(self.system, state))
        return position["epoch"]

    def _resumed_epochs(self):
        """The epochs a restored backup holds (`keras.callbacks.BackupAndRestore` restores it in `on_begin`
        and asks fit to start after them); the run continues from there."""
        epochs = take_initial_epoch(self.network)
        if epochs:
            self.runner.resume_at(epochs, int(self.network.optimizer.iterations))
        return epochs

    @contextlib.contextmanager
    def _steps_per_call(self, mode, steps):
        """Runs an epoch of `mode` (`steps` batches) at the most steps per compiled call its Traces allow;
        drops the mode's compiled step unless it was made here for that number."""
        limit = backend.most_steps_per_execution()
        most = self.steps_per_execution if limit is None else min(limit, self.steps_per_execution)
        most = 1 if self.network.host_stage.slicers(mode) else most  # each slice's step reports to the Traces
        per_call = self.runner.steps_per_execution(mode, steps, most)
        function = "train_function" if mode == "train" else "test_function"
        made, made_for = self._compiled.get(function, (None, None))
        if made is None or getattr(self.network, function) is not made or made_for != per_call:
            setattr(self.network, function, None)
        self.network.steps_per_execution = per_call
        yield
        self._compiled[function] = (getattr(self.network, function), per_call)

    def _start(self, summary_name, modes, keep_state=False):
        if not keep_state:
            self.runner.start_run(summary_name)
        self._smoke_test(modes)

    def _smoke_test(self, modes):
        """Checks one batch of each mode and data set, at every epoch where the pipeline, the network or
        the Traces change, through the ops (keys and shapes) and the Traces (every key they read must exist)."""
        self._check_trace_modes()
        check_scheduled_updates(self.network.op_items, self.epochs)
        epochs = sorted(set(get_signature_epochs(self.runner.traces, self.epochs)) |
                        set(self.pipeline.get_signature_epochs(self.epochs)) |
                        set(self.network.get_signature_epochs(self.epochs)))
        current_epoch, current_ds_id = self.network.epoch, self.network.ds_id
        monitored = {}  # {monitor name: (mode, keys there) where it was missing, or None once found}
        for mode in modes:
            for ds_id in self.pipeline.get_ds_ids(mode):
                self.network.set_ds_id(ds_id)
                for epoch in epochs:
                    self.pipeline.check_epoch_end(mode, self._max_steps(mode), epoch, ds_id)
                    self.network.set_epoch(epoch)
                    batch = self.pipeline.first_batch(mode, epoch=epoch, ds_id=ds_id)
                    check_data(batch, mode, owner="Pipeline")
                    self.network.check_batch(batch, mode)
                    self._check_trace_keys(mode, epoch, ds_id, set(batch) | self.network.written_keys(mode), monitored)
        missing = next(((key, where) for key, where in monitored.items() if where is not None), None)
        if missing is not None:  # a monitor name no checked mode writes: a typo, not a key of some modes only
            key, (mode, available) = missing
            raise MissingKeyError(owner="Estimator(monitor_names)", key=key, mode=mode, available=available)
        self.network.set_epoch(current_epoch)
        self.network.set_ds_id(current_ds_id)

    def _check_trace_modes(self):
        """Every Trace the user gave must run in a mode the Pipeline has data for; otherwise it would never run."""
        with_data = self.pipeline.modes()
        for trace in self.runner.all_traces():
            modes = sorted(trace.mode - {"infer"})
            if isinstance(trace, AUTOMATIC_TRACES) or not modes or set(modes) & set(with_data):
                continue
            reads = f" reads {trace.inputs} but" if trace.inputs else ""
            raise ConfigError(f"{trace.describe()}{reads} runs only in mode {' / '.join(map(repr, modes))}, and the "
                              f"Pipeline has no {' or '.join(modes)} data (it has {with_data}), so it would never run. "
                              f"Fix: pass {modes[0]}_data=... to fe.Pipeline, or set the Trace's mode to one of "
                              f"{with_data}")

    def _check_trace_keys(self, mode, epoch, ds_id, written, monitored):
        """Every key a Trace reads is written before it; no Trace writes a loss key or a key another Trace writes.
        The Estimator's `monitor_names` are logged where they exist (as in FastEstimator, e.g. a key of the eval ops
        only); `monitored` collects, per name, a mode where it was missing (None once some mode had it)."""
        available = set(written)
        writers = {key: "the Network (a loss)" for key in self.network.loss_trackers}
        self.runner.prepare(mode, epoch, ds_id)
        for trace in self.runner.active_traces(mode):
            for key in trace.inputs:
                if isinstance(trace, (TrainEssential, EvalEssential)):
                    if key in available:
                        monitored[key] = None
                    elif monitored.get(key, ()) is not None:
                        monitored[key] = (mode, sorted(available - {FIRST_NONFINITE}))
                elif key != ALL_KEYS and key not in available:  # the network's own NaN bookkeeping is not offered
                    raise MissingKeyError(owner=trace.describe(), key=key, mode=mode,
                                          available=available - {FIRST_NONFINITE})
            for key in trace.outputs:
                if key in writers:
                    raise ConfigError(f"{trace.describe()} writes '{key}' in mode '{mode}', which {writers[key]} "
                                      "writes too, so one would overwrite the other; fix: give the Trace another "
                                      "output name")
                writers[key] = trace.describe()
            available |= set(trace.outputs)
