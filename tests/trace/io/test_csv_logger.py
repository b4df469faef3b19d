import csv

import pytest

from kerasfe.trace.io import CSVLogger
from kerasfe.trace.metric import Accuracy
from tests.trace.helpers import estimator


def test_csv_logger_writes_a_row_per_mode_and_epoch(blobs, tmp_path):
    path = tmp_path / "log.csv"
    est = estimator(blobs, [CSVLogger(str(path)), Accuracy("y", "y_pred")], epochs=2)
    summary = est.fit()
    est.test()
    rows = list(csv.DictReader(path.open()))
    assert [(row["mode"], row["epoch"]) for row in rows] == [("train", "1"), ("eval", "1"), ("train", "2"),
                                                             ("eval", "2"), ("test", "2")]
    assert float(rows[3]["accuracy"]) == pytest.approx(summary.epoch_values("eval", "accuracy")[1])
    assert float(rows[2]["ce"]) == pytest.approx(summary.epoch_values("train", "ce")[1])
