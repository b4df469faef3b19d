import csv

import numpy as np
import pytest

from kerasfe.errors import ConfigError
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


def test_a_missing_folder_is_created_at_construction(blobs, tmp_path):
    path = tmp_path / "logs" / "run1" / "log.csv"
    CSVLogger(str(path))
    assert path.parent.is_dir() and not path.exists()
    estimator(blobs, [CSVLogger(str(path))], epochs=1).fit()
    assert [row["mode"] for row in csv.DictReader(path.open())] == ["train", "eval"]
    assert sorted(p.name for p in path.parent.iterdir()) == ["log.csv"]  # no temporary file left


def test_a_folder_that_cannot_be_created_is_refused_at_construction(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    with pytest.raises(ConfigError) as error:
        CSVLogger(str(blocker / "logs" / "log.csv"))
    message = str(error.value)
    assert message.startswith(f"CSVLogger: cannot create the folder '{blocker / 'logs'}' given by `filename` (")
    assert message.endswith("); give a path in a folder you can write to")


def test_monitor_names_choose_the_columns(blobs, tmp_path):
    path = tmp_path / "log.csv"
    logger = CSVLogger(str(path), monitor_names="accuracy", mode="eval")
    summary = estimator(blobs, [logger, Accuracy("y", "y_pred")], epochs=2).fit()
    rows = list(csv.DictReader(path.open()))
    assert list(rows[0]) == ["mode", "step", "epoch", "accuracy"]  # no ce: it is not monitored
    assert [float(row["accuracy"]) for row in rows] == pytest.approx(summary.epoch_values("eval", "accuracy"))


def test_instance_id_key_writes_a_row_per_sample(blobs, tmp_path):
    path = tmp_path / "log.csv"
    data = {**blobs, "id": np.arange(100, 164)}
    logger = CSVLogger(str(path), monitor_names=["*", "y"], instance_id_key="id", mode="eval")
    summary = estimator(data, [logger, Accuracy("y", "y_pred")], epochs=1).fit()
    rows = list(csv.DictReader(path.open()))
    samples, (epoch,) = rows[:-1], rows[-1:]
    assert sorted(int(row["instance_id"]) for row in samples) == list(range(100, 164))  # each eval sample once
    for row in samples:
        assert float(row["y"]) == blobs["y"][int(row["instance_id"]) - 100]
        assert (row["mode"], row["epoch"], row["accuracy"]) == ("eval", "1", "")
    assert float(epoch["accuracy"]) == pytest.approx(summary.epoch_values("eval", "accuracy")[0])
    assert epoch["instance_id"] == epoch["y"] == ""


def test_an_instance_id_key_that_is_not_a_str_is_refused():
    with pytest.raises(ConfigError) as error:
        CSVLogger("log.csv", instance_id_key=["id"])
    assert str(error.value) == ("CSVLogger: instance_id_key must be None or the batch key of the samples' ids (a "
                                "non-empty str); got ['id']")
