"""CSVLogger: every epoch's logged values in a CSV file."""
import csv
import os

import numpy as np

from kerasfe.atomic_file import atomic_open, make_folder
from kerasfe.errors import ConfigError
from kerasfe.op.op import to_list
from kerasfe.trace.bus import ALL_KEYS
from kerasfe.trace.trace import Trace


class CSVLogger(Trace):
    """Writes one row per mode and epoch (columns: mode, step, epoch, then the monitored values logged), and
    with `instance_id_key` one row per sample of every batch (its id, mode, step, epoch, then its values).

    The file is rewritten atomically at each epoch end (a temporary name beside it, fsynced, renamed), so it
    is complete whenever training stops. Its folder is created at construction.

    Args:
        filename: the CSV file.
        monitor_names: the keys recorded (a key or a list); None: every scalar logged. A list holding "*"
            records every scalar logged plus the keys named (a non-scalar value is written as `[a;b;...]`).
        instance_id_key: a batch key of per-sample ids: each batch then adds one row per sample with the
            monitored keys' per-sample values (per-instance logs, or batch keys with one value per sample).
        mode: the modes recorded (default: all but "infer").

    Example:
        >>> CSVLogger("log.csv").inputs, CSVLogger("log.csv", monitor_names=["*", "y"], instance_id_key="id").inputs
        (['*'], ['*', 'y', 'id'])
    """

    def __init__(self, filename, monitor_names=None, instance_id_key=None, mode="!infer"):
        monitors = to_list(monitor_names) or [ALL_KEYS]
        if instance_id_key is not None and not (isinstance(instance_id_key, str) and instance_id_key):
            raise ConfigError(f"CSVLogger: instance_id_key must be None or the batch key of the samples' ids (a "
                              f"non-empty str); got {instance_id_key!r}")
        super().__init__(inputs=monitors + to_list(instance_id_key), mode=mode)
        self.filename, self.instance_id_key = filename, instance_id_key
        self.named = [key for key in monitors if key != ALL_KEYS]
        make_folder(os.path.dirname(filename), self.describe(), "filename")
        self.rows = []

    def needs_batch(self, step):
        return self.instance_id_key is not None

    def on_batch_end(self, data):
        if self.instance_id_key is None:
            return
        ids = np.asarray(data[self.instance_id_key])
        values = {**{key: data[key] for key in self.named if key in data}, **data.per_instance_logs}
        if ALL_KEYS not in self.inputs:
            values = {key: value for key, value in values.items() if key in self.named}
        values = {key: value for key, value in values.items() if np.ndim(value) > 0 and len(value) == len(ids)}
        if not values:
            return
        for index, instance in enumerate(ids):
            row = {"instance_id": _text(instance), "mode": self.system.mode, "step": self.system.global_step,
                   "epoch": self.system.epoch_idx}
            self.rows.append({**row, **{key: _text(value[index]) for key, value in values.items()}})

    def on_begin(self, data):
        if self.system.global_step == 0:  # a new run (a test after fit adds to fit's rows)
            self.rows = []

    def on_epoch_end(self, data):
        row = {"mode": self.system.mode, "step": self.system.global_step, "epoch": self.system.epoch_idx}
        values = {key: value for key, value in data.logs.items() if ALL_KEYS in self.inputs and np.ndim(value) == 0}
        values.update({key: data.logs[key] for key in self.named if key in data.logs})
        if values:  # a row only where something was logged
            self.rows.append({**row, **{key: _text(value) for key, value in values.items()}})
        columns = list(dict.fromkeys(key for row in self.rows for key in row))
        with atomic_open(self.filename, "w", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=columns)
            writer.writeheader()
            writer.writerows(self.rows)


def _text(value):
    """A CSV cell: a number as Python prints it, an array as `[a;b;...]`, bytes decoded."""
    value = np.asarray(value)
    if value.dtype.kind in "SU":
        return value.item().decode() if value.dtype.kind == "S" and value.ndim == 0 else str(value.tolist())
    if value.ndim:
        return np.array2string(value, separator=";")
    return str(value.item())
