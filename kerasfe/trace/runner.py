"""TraceRunner: orders and runs the Traces of the loop, and is the only writer of the loop's `System`."""
import math

from kerasfe import distribute
from kerasfe.errors import ConfigError
from kerasfe.op.op import running_ds_id
from kerasfe.schedule import get_all_values, get_current_items
from kerasfe.summary import Summary
from kerasfe.trace.bus import requested_keys
from kerasfe.trace.keras_callback_trace import to_trace
from kerasfe.trace.trace import Data, sort_traces


class TraceRunner:
    """Runs a list of Traces through runs, epochs and batches, keeping `system` where the loop is.

    The loop (the Estimator, or `TraceCallback` inside a plain `network.fit`) tells the runner where
    it is: `start_run`, `start_epoch`, `prepare` (a mode and data set), then `epoch_begin`,
    `batch_begin` / `batch_end` and `epoch_end`. The runner selects and orders the Traces of each
    mode (schedulers resolved), updates `system` and the Summary, and calls the Traces' hooks. Traces
    whose batch hooks are not defined are not called per batch. Traces themselves only set
    `system.stop_training`; at each epoch end the training processes agree on it (any process stopping
    stops all, `fe.distribute.any_process`).

    On data of unknown length Keras (under JAX and TensorFlow) announces one batch past the end before
    it finds no data. The runner skips that batch when `batch_count` (a callable) already gives the
    epoch's number of batches (the Estimator reads such loaders one batch ahead, `ReadAhead`); an epoch
    always ends at the step of its last finished batch.

    Once a batch's hooks ran and its logs are recorded, the runner calls `after_batch()` of the active Traces that
    have one; once the last mode of a training epoch ended (the evaluation's last data set, when there is one),
    `after_epoch()`. The loop's state is complete there: a RestoreWizard snapshots it then.

    Args:
        traces: Traces, Keras callbacks (run as Traces) or schedulers of them.
        system: the `System` the Traces share.

    Example:
        >>> from kerasfe.trace.system import System
        >>> from kerasfe.trace.trace import Trace
        >>> class Count(Trace):
        ...     def on_epoch_end(self, data):
        ...         data.write_with_log("batches", self.system.batch_idx)
        >>> runner = TraceRunner([Count(mode="train")], System(network=None))
        >>> runner.start_run("demo")
        >>> runner.start_epoch(1, ("train",))
        >>> runner.prepare("train", 1)
        ()
        >>> runner.epoch_begin("train", steps=2)
        >>> for index in range(2):
        ...     runner.batch_begin("train", index)
        ...     _ = runner.batch_end("train", index, {"ce": 0.5})
        >>> runner.epoch_end("train", {})
        {'batches': 2}
        >>> runner.system.summary.history["train"]["batches"], runner.system.global_step
        ({2: 2}, 2)
    """

    def __init__(self, traces, system):
        self.traces = [to_trace(item) for item in traces]
        self.system = system
        self._active = {}
        self._epoch_start_step = 0
        self._finished = {}  # {mode: batches of its current epoch that ended}
        self._begun = {}  # {mode: the Data its current batch's on_batch_begin hooks wrote}
        self._resume = None  # (train batches done, what to run before the next batch) of a run resumed mid-epoch
        self._resumed = None  # what to run before the first batch of the resumed epoch
        self._batch_offset = 0  # train batches of the current epoch done before this run resumed it
        system.traces = self.all_traces()
        self.batch_count = None  # a callable: the current epoch's number of batches, None while unknown

    def all_traces(self):
        """Every Trace the list can run, scheduled ones included (each once)."""
        return list({id(trace): trace for item in self.traces for trace in get_all_values(item)}.values())

    # Where the loop is --------------------------------------------------------------------------
    def use_network(self, network):
        """Makes `network` the one the Traces see (`system.network`)."""
        self.system.network = network

    def start_run(self, summary_name=None):
        """Starts a new run: a new Summary named `summary_name`, step and epoch counters at 0."""
        self.system.summary = Summary(summary_name)
        self.system.global_step, self.system.epoch_idx, self.system.stop_training = 0, 0, False

    def start_epoch(self, epoch, modes):
        """Moves to `epoch`, which runs `modes` (e.g. ("train", "eval"))."""
        self.system.epoch_idx, self.system.epoch_modes = epoch, tuple(modes)

    def prepare(self, mode, epoch, ds_id=None, ds_ids=None):
        """Selects and orders the Traces of `mode` at `epoch` on data set `ds_id` (one of `ds_ids`, the mode's
        data sets); returns the batch keys they read."""
        active = sort_traces(get_current_items(self.traces, mode, epoch, running_ds_id(ds_id)))
        for trace in active:
            trace.system = self.system
        self._active[mode] = (active, [t for t in active if t.overrides("on_batch_begin")],
                              [t for t in active if t.overrides("on_batch_end")])
        self.system.mode, self.system.ds_id = mode, ds_id
        if ds_ids is not None:
            self.system.mode_ds_ids = list(ds_ids)
        return requested_keys(active, self.system.network)

    def active_traces(self, mode):
        """The Traces `prepare` selected for `mode`, in running order."""
        return self._active[mode][0]

    def steps_per_execution(self, mode, steps, most):
        """The most steps (1 to `most`) one compiled call can run in the coming epoch of `mode`, which has
        `steps` batches (None: unknown, so 1), with the batch hooks still running after every batch an active Trace needs
        (`Trace.needs_batch`; call `prepare` first): a divisor of `steps` and of each such batch's place in
        the epoch, so the epoch keeps exactly `steps` steps and Keras calls the batch hooks right after
        those batches (Keras runs `steps_per_execution` batches per call even past `steps_per_epoch`, and
        reports a call's last batch as its first + `steps_per_execution` - 1).

        Example:
            >>> from kerasfe.trace.system import System
            >>> from kerasfe.trace.trace import Trace
            >>> class EveryTenth(Trace):
            ...     def on_batch_end(self, data):
            ...         pass
            ...     def needs_batch(self, step):
            ...         return step % 10 == 0
            >>> runner = TraceRunner([EveryTenth(mode="train")], System(network=None))
            >>> runner.start_run()
            >>> _ = runner.prepare("train", 1)
            >>> runner.steps_per_execution("train", steps=40, most=64)
            10
            >>> _ = runner.prepare("eval", 1)
            >>> runner.steps_per_execution("eval", steps=40, most=8)
            8
        """
        if steps is None:  # an epoch of unknown length: only one step per call ends it exactly
            return 1
        first = self.system.global_step if mode == "train" else 0
        watching = [trace for trace in self._active[mode][0]
                    if trace.overrides("on_batch_begin") or trace.overrides("on_batch_end")]
        period = max(steps, 1)
        for offset in range(1, steps):
            if period == 1:
                break
            if offset % period and any(trace.needs_batch(first + offset) for trace in watching):
                period = math.gcd(period, offset)
        return max(size for size in range(1, min(period, most) + 1) if period % size == 0)

    # Hooks --------------------------------------------------------------------------------------
    def begin(self, modes=None):
        """Runs `on_begin` of every Trace that runs in any of `modes` (None: every mode)."""
        self._run(self._traces_of(modes), "on_begin", Data())

    def end(self, modes=None):
        """Runs `on_end` of every Trace that runs in any of `modes` (None: every mode)."""
        self._run(self._traces_of(modes), "on_end", Data())

    def epoch_begin(self, mode, steps=None):
        """Starts an epoch of `mode` with `steps` batches (None: unknown); a train epoch that `resume_at` resumes
        in its middle has `steps` batches left."""
        self.system.mode, self.system.batch_idx, self._finished[mode] = mode, 0, 0
        if mode != "train":
            self.system.eval_steps = steps
        if mode == "train":
            self._batch_offset, self._resumed = self._resume or (0, None)
            self._resume = None
            self._epoch_start_step = self.system.global_step - self._batch_offset
            self.system.epoch_steps = None if steps is None else steps + self._batch_offset
            self.system.batch_idx = self._batch_offset
        self._run(self._active[mode][0], "on_epoch_begin", Data())

    def batch_begin(self, mode, index):
        """Starts batch `index` (from 0) of the epoch; nothing happens past the end `batch_count` gives."""
        count = None if self.batch_count is None else self.batch_count()
        if count is not None and index >= count:
            return
        self._move_to_batch(mode, index)
        if mode == "train" and self._resumed is not None:
            resumed, self._resumed = self._resumed, None
            resumed()
        self._begun[mode] = data = Data()
        for trace in self._active[mode][1]:
            before = set(data)
            self._run([trace], "on_batch_begin", data)
            if set(data) != before:
                self._check_begin_writes(mode, trace, set(data) - before)

    def _check_begin_writes(self, mode, trace, keys):
        """What `on_batch_begin` hooks write reaches the batch's `on_batch_end` hooks (and its logs), but not the
        Network: the batch is already on its way into the compiled step. A write of a key the Network's ops read is
        an error (in FastEstimator the Network would read the written value)."""
        network = self.system.network
        if not hasattr(network, "active_ops"):
            return
        read, written = set(), set()
        for op in network.active_ops(mode):
            read |= {key for key in op.inputs if key not in written}
            written |= set(op.outputs)
        clash = sorted(read & keys)
        if clash:
            raise ConfigError(f"{type(trace).__name__} wrote '{clash[0]}' in on_batch_begin (mode '{mode}'), a key the "
                              f"Network's ops read ({sorted(read)}); in kerasfe the batch enters the compiled step as "
                              "the Pipeline made it, so the Network would never see that value; fix: make it in the "
                              "Pipeline (a NumpyOp) or in the Network (a TensorOp), or write it under another key for "
                              "the Traces only")

    def batch_end(self, mode, index, batch):
        """Ends batch `index` (from 0) with the batch dict `batch` (losses and the keys the Traces read);
        records and returns what the Traces log."""
        self._move_to_batch(mode, index)
        self._finished[mode] = index + 1
        data = self._begun.pop(mode, Data()).continued(batch)
        if self._active[mode][2]:
            self._run(self._active[mode][2], "on_batch_end", data)
        logs = data.logs
        if logs:
            self._record(mode, logs)
        self._settle(mode, "after_batch")
        return logs

    def epoch_end(self, mode, batch):
        """Ends the epoch of `mode` with its final values `batch`; records and returns what the Traces log."""
        self.system.mode = mode
        self._move_to_batch(mode, self._finished.get(mode, 0) - 1)  # not one announced past the end of the data
        data = self._run(self._active[mode][0], "on_epoch_end", Data(batch))
        self._record(mode, data.logs, epoch=self.system.epoch_idx)
        if data.overall_logs:
            self._record(mode, data.overall_logs, epoch=self.system.epoch_idx, per_ds=False)
        if distribute.any_process(self.system.stop_training):
            self.system.stop_training = True
        system = self.system
        if "train" in system.epoch_modes and mode == system.epoch_modes[-1] and system.ds_id == system.mode_ds_ids[-1]:
            self._settle(mode, "after_epoch")
        return data.logs

    def resume_at(self, epoch, global_step, batches_done=0, on_resumed_epoch=None):
        """Continues a run whose first `epoch` epochs (`global_step` train steps) a restored backup holds. With
        `batches_done` > 0 the next train epoch is resumed after its first `batches_done` batches (the loop gives
        only the rest; batch and step counters continue), and `on_resumed_epoch()` runs right before its first
        batch (after its `on_epoch_begin` hooks and once Keras has started reading its data)."""
        self.system.epoch_idx, self.system.global_step = epoch, global_step
        self._resume = (batches_done, on_resumed_epoch) if batches_done else None

    def _move_to_batch(self, mode, index):
        position = index + (self._batch_offset if mode == "train" else 0)
        self.system.batch_idx = position + 1
        if mode == "train":
            self.system.global_step = self._epoch_start_step + position + 1

    def _settle(self, mode, hook):
        for trace in self._active[mode][0]:
            if hasattr(trace, hook):
                getattr(trace, hook)()

    def _traces_of(self, modes):
        return [trace for trace in self.all_traces() if modes is None or any(m in trace.mode for m in modes)]

    def _run(self, traces, hook, data):
        for trace in traces:
            trace.system = self.system
            getattr(trace, hook)(data)
        return data

    def _record(self, mode, logs, epoch=None, per_ds=True):
        """Records logs in the Summary; with several data sets in a mode, keys become `key|ds_id` (unless
        `per_ds` is False: values over every data set)."""
        if per_ds and self.system.ds_id is not None:
            logs = {f"{key}|{self.system.ds_id}": value for key, value in logs.items()}
        self.system.summary.record(mode, self.system.global_step, logs, epoch=epoch)
