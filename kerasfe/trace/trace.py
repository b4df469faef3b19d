"""Trace (a step of the training loop that reads and writes batch keys), Data (what it reads) and their order."""
from collections.abc import MutableMapping

import keras
import numpy as np

from kerasfe.errors import ConfigError
from kerasfe.op.op import Op, to_list
from kerasfe.trace.bus import ALL_KEYS


class Data(MutableMapping):
    """The batch dict a Trace sees: losses, the batch keys Traces asked for, and what earlier Traces wrote.

    Values from the network are converted to numpy only when a Trace reads them, so a batch no Trace
    reads costs no transfer from the device. `write_with_log` also records the value in `logs` (printed
    by the Logger and kept in the Summary); `write_per_instance_log` keeps one value per sample.

    Args:
        batch: the initial key -> value dict (tensors, numpy arrays or numbers).

    Example:
        >>> data = Data({"ce": 0.5})
        >>> data.write_with_log("accuracy", 0.9)
        >>> data.write_without_log("scratch", 1)
        >>> float(data["ce"]), sorted(data), data.logs
        (0.5, ['accuracy', 'ce', 'scratch'], {'accuracy': 0.9})
    """

    def __init__(self, batch=None):
        self._raw = dict(batch or {})
        self._values = {}
        self.logs = {}
        self.overall_logs = {}
        self.per_instance_logs = {}

    def __getitem__(self, key):
        if key not in self._values:
            self._values[key] = _to_numpy(self._raw[key])
        return self._values[key]

    def __setitem__(self, key, value):
        self._raw[key] = value
        self._values.pop(key, None)

    def __delitem__(self, key):
        del self._raw[key]
        self._values.pop(key, None)

    def __iter__(self):
        return iter(self._raw)

    def __len__(self):
        return len(self._raw)

    def write_with_log(self, key, value):
        """Writes `key` for later Traces and logs it."""
        self[key] = value
        self.logs[key] = self[key]

    def write_without_log(self, key, value):
        """Writes `key` for later Traces only."""
        self[key] = value

    def write_overall_log(self, key, value):
        """Writes `key` for later Traces and logs it as a value over every data set of the mode: with several data
        sets it is logged as `key`, where `write_with_log` values are logged per data set as `key|ds_id`.

        Example:
            >>> data = Data()
            >>> data.write_overall_log("accuracy", 0.8)
            >>> data["accuracy"], data.overall_logs
            (0.8, {'accuracy': 0.8})
        """
        self[key] = value
        self.overall_logs[key] = self[key]

    def write_per_instance_log(self, key, value):
        """Logs one value per sample of the batch under `key` (e.g. a per-sample loss)."""
        self.per_instance_logs[key] = _to_numpy(value)

    def continued(self, batch):
        """A Data of `batch` that keeps what was written to this one (values and logs): what a batch's
        `on_batch_begin` hooks wrote reaches its `on_batch_end` hooks.

        Example:
            >>> begin = Data()
            >>> begin.write_with_log("lr", 0.1)
            >>> end = begin.continued({"ce": 0.5})
            >>> sorted(end), end.logs
            (['ce', 'lr'], {'lr': 0.1})
        """
        data = Data({**self._raw, **batch})
        data.logs, data.per_instance_logs = dict(self.logs), dict(self.per_instance_logs)
        data.overall_logs = dict(self.overall_logs)
        return data


def _to_numpy(value):
    if isinstance(value, (int, float, str, np.ndarray, np.generic)) or value is None or _is_object(value):
        return value
    return keras.ops.convert_to_numpy(value)


def _is_object(value):
    """Whether a value Traces pass along is a Python object (a Display, a Summary, a list of them), which stays as
    it is, rather than a tensor or numbers."""
    items = value if isinstance(value, (list, tuple)) else [value]
    return any(item is not None and not hasattr(item, "shape")
               and not isinstance(item, (int, float, complex, str, bytes, list, tuple)) for item in items)


class Trace(Op):
    """A step of the training loop: runs at the begin / end of training, of each epoch and of each batch.

    Every hook gets a `Data`: the batch dict (losses and the keys listed in `inputs`) plus what earlier
    Traces wrote. A Trace reads `inputs`, writes `outputs` (`data.write_with_log` / `write_without_log`),
    and reaches the loop's state through `self.system` (mode, epoch_idx, global_step, batch_idx,
    stop_training, network, pipeline, summary). Only the batch keys some active Trace lists in `inputs`
    leave the device. Traces run in an order where every Trace runs after those writing its inputs.

    Args:
        inputs: keys read ("*": everything earlier Traces log).
        outputs: keys written.
        mode: None (every mode), "train", "eval", "test", "infer", a list of them, or "!mode".
        ds_id: data set id(s) this Trace runs on (None: all); "!id" excludes one.

    Example:
        >>> import numpy as np
        >>> class MeanPrediction(Trace):
        ...     def on_batch_end(self, data):
        ...         data.write_with_log(self.outputs[0], float(np.mean(data[self.inputs[0]])))
        >>> trace = MeanPrediction(inputs="y_pred", outputs="mean_pred", mode="eval")
        >>> data = Data({"y_pred": np.array([1.0, 3.0])})
        >>> trace.on_batch_end(data); data.logs
        {'mean_pred': 2.0}
    """

    system = None  # set by the loop before `on_begin`
    state_exclude = Op.state_exclude + ("system",)

    def on_begin(self, data):
        """Runs once before training (or testing) starts."""

    def on_epoch_begin(self, data):
        """Runs at the start of each epoch of the modes the Trace runs in."""

    def on_batch_begin(self, data):
        """Runs before each batch."""

    def on_batch_end(self, data):
        """Runs after each batch, with the batch's losses and requested keys in `data`."""

    def on_epoch_end(self, data):
        """Runs at the end of each epoch, with the epoch's mean losses in `data`."""

    def on_end(self, data):
        """Runs once after training (or testing) ends."""

    def monitor_direction(self, key):
        """Whether a larger ("max") or smaller ("min") value of `key`, which this Trace writes, is better; None
        when it has no direction. Keras callbacks in mode "auto" (`EarlyStopping`, `ModelCheckpoint`,
        `ReduceLROnPlateau`) monitoring `key` use it. Metric Traces declare theirs (`Metric.direction`).

        Example:
            >>> Trace(outputs="count").monitor_direction("count") is None
            True
        """
        return None

    def needs_batch(self, step):
        """Whether the batch hooks must run at `step`: the train step (`system.global_step`) in training,
        the batch of the epoch (from 1) in evaluation and testing; `self.system.mode` is the mode.

        The Estimator runs several steps per compiled call (Keras's `steps_per_execution`) where no active
        Trace needs the steps in between: Keras then calls the batch hooks once per call, after its last
        step, with that step's logs. The default (every batch when the Trace defines `on_batch_begin` or
        `on_batch_end`) is always right; a Trace that reads batches only at some steps says which here.

        Example:
            >>> class EveryTenth(Trace):
            ...     def on_batch_end(self, data):
            ...         print(self.system.global_step)
            ...     def needs_batch(self, step):
            ...         return step % 10 == 0
            >>> Trace().needs_batch(3), EveryTenth().needs_batch(3), EveryTenth().needs_batch(20)
            (False, False, True)
        """
        return self.overrides("on_batch_begin") or self.overrides("on_batch_end")

    def overrides(self, hook):
        """Whether this Trace defines `hook` (the loop skips hooks nobody defines)."""
        return getattr(type(self), hook) is not getattr(Trace, hook)


def sort_traces(traces, ds_ids=None, available_outputs=None):
    """Orders Traces so each runs after the Traces writing its inputs; list order breaks ties.

    A Trace reading "*" runs after every Trace that writes something (and does not itself read "*").
    A cycle raises ConfigError naming the Traces in it.

    Args:
        traces: the Traces (not in schedulers).
        ds_ids: the data set ids in force: a Trace with a `get_outputs(ds_ids)` method (one key per data set)
            writes those keys; None: every Trace writes its `outputs`.
        available_outputs: the keys the loop provides (a key or a set); then a Trace input that neither they
            nor a Trace provide raises ConfigError. None: any key no Trace writes is taken as provided.

    Example:
        >>> first, second = Trace(inputs="a", outputs="b"), Trace(inputs="y_pred", outputs="a")
        >>> sort_traces([first, second]) == [second, first]
        True
        >>> sort_traces([first, second], available_outputs={"y_pred"}) == [second, first]
        True
    """
    writers = {}
    for index, trace in enumerate(traces):
        outputs = trace.get_outputs(ds_ids) if ds_ids is not None and hasattr(trace, "get_outputs") else trace.outputs
        for key in outputs:
            writers.setdefault(key, set()).add(index)
    if available_outputs is not None:
        available = set(to_list(available_outputs))
        for trace in traces:
            missing = [key for key in trace.inputs if key != ALL_KEYS and key not in available and key not in writers]
            if missing:
                raise ConfigError(f"{trace.describe()} reads {missing}, which neither the available outputs "
                                  f"{sorted(available)} nor any Trace ({sorted(writers)}) provide; fix the key names "
                                  "or add the Trace that writes them")
    depends = []
    for index, trace in enumerate(traces):
        needs = set()
        for key in trace.inputs:
            if key == ALL_KEYS:
                needs |= {i for i, other in enumerate(traces) if other.outputs and ALL_KEYS not in other.inputs}
            else:
                needs |= writers.get(key, set())
        depends.append(needs - {index})
    order, done = [], set()
    while len(order) < len(traces):
        ready = [i for i in range(len(traces)) if i not in done and depends[i] <= done]
        if not ready:
            stuck = [traces[i].describe() for i in range(len(traces)) if i not in done]
            raise ConfigError(f"Traces {stuck} read each other's outputs in a cycle; no order can run them")
        order.append(ready[0])
        done.add(ready[0])
    return [traces[i] for i in order]
