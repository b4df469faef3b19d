"""CSVLogger: every epoch's logged values in a CSV file."""
import csv

import numpy as np

from kerasfe.trace.bus import ALL_KEYS
from kerasfe.trace.trace import Trace


class CSVLogger(Trace):
    """Writes one row per mode and epoch (columns: mode, step, epoch, then every scalar logged).

    The file is rewritten at each epoch end, so it is complete whenever training stops.

    Args:
        filename: the CSV file.
        mode: the modes recorded (default: all but "infer").

    Example:
        >>> CSVLogger("log.csv").inputs
        ['*']
    """

    def __init__(self, filename, mode="!infer"):
        super().__init__(inputs=ALL_KEYS, mode=mode)
        self.filename = filename
        self.rows = []

    def on_begin(self, data):
        if self.system.global_step == 0:  # a new run (a test after fit adds to fit's rows)
            self.rows = []

    def on_epoch_end(self, data):
        row = {"mode": self.system.mode, "step": self.system.global_step, "epoch": self.system.epoch_idx}
        row.update({key: float(value) for key, value in data.logs.items() if np.ndim(value) == 0})
        self.rows.append(row)
        columns = list(dict.fromkeys(key for row in self.rows for key in row))
        with open(self.filename, "w", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=columns)
            writer.writeheader()
            writer.writerows(self.rows)
