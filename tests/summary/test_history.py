import contextlib
import sqlite3

import pytest

import kerasfe as fe
from kerasfe.summary import HistoryReader, connect, delete, update_settings
from kerasfe.summary.history import SETTINGS
from tests.trace.helpers import Scripted, estimator


@pytest.fixture
def history(tmp_path):
    path = tmp_path / "history.db"
    fe.record_history(str(path))
    yield path
    fe.record_history(False)


def rows(path, query):
    with contextlib.closing(connect(path)) as db:
        return [dict(row) for row in db.execute(query)]


def test_fit_and_test_are_recorded_with_their_log_ops_and_datasets(history, blobs, capsys):
    run = estimator(blobs, [Scripted("score", [0.1])], epochs=1, log_steps=2)
    run.fit("exp one")
    run.test()
    printed = capsys.readouterr().out
    (entry,) = rows(history, "SELECT * FROM history")
    assert (entry["file"], entry["experiment"], entry["status"], entry["n_restarts"]) == \
        ("test_history.py", "exp one", "Completed", 0)
    assert entry["fe_version"] == fe.__version__ and entry["train_end"] >= entry["train_start"]
    (log,) = rows(history, "SELECT log FROM logs")
    assert log["log"] == printed and "FastEstimator-Test" in printed  # the whole printed log of fit and test
    assert {row["net_op"] for row in rows(history, "SELECT net_op FROM network")} == \
        {"ModelOp", "CrossEntropy", "UpdateOp"}
    assert "Scripted" in {row["trace"] for row in rows(history, "SELECT trace FROM traces")}
    assert sorted((row["mode"], row["dataset"]) for row in rows(history, "SELECT * FROM datasets")) == \
        [("eval", "NumpyDataset"), ("test", "NumpyDataset"), ("train", "NumpyDataset")]


def test_a_failed_run_keeps_its_traceback_and_the_reader_lists_it(history, blobs, capsys):
    class Boom(Scripted):
        def on_epoch_end(self, data):
            raise RuntimeError("boom at epoch end")
    with pytest.raises(RuntimeError, match="boom"):
        estimator(blobs, [Boom("x", [])], epochs=1).fit("broken")
    (error,) = rows(history, "SELECT * FROM errors")
    assert error["exc_type"] == "RuntimeError" and "boom at epoch end" in error["exc_tb"]
    capsys.readouterr()
    with HistoryReader(str(history)) as reader:
        reader.read_basic(errors=True, include_traces=True, include_pk=True, as_csv=True)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("SELECT h.*, errors.exc_type error")  # the query is shown first
    header, row = lines[1].split(","), lines[2].split(",")
    assert row[header.index("status")] == "Failed" and row[header.index("error")] == "RuntimeError"
    assert "pk" in header and "args" not in header


def test_settings_limit_kept_runs_and_logs(tmp_path, capsys):
    path = str(tmp_path / "h.db")
    with contextlib.closing(connect(path)) as db:
        db.executemany("INSERT INTO history (pk, train_start) VALUES (?, ?)", [(i, f"2026-01-0{i}") for i in range(1, 6)])
        db.executemany("INSERT INTO logs (log, fk) VALUES ('x', ?)", [(i,) for i in range(1, 6)])
        db.commit()
    update_settings(n_keep=4, n_keep_logs=9, db_path=path)  # never more logs than runs
    assert rows(path, "SELECT n_keep, n_keep_logs FROM settings") == [{"n_keep": 4, "n_keep_logs": 4}]
    update_settings(n_keep_logs=2, db_path=path)
    assert rows(path, "SELECT n_keep, n_keep_logs FROM settings") == [{"n_keep": 4, "n_keep_logs": 2}]
    delete(3, db_path=path)
    assert [row["pk"] for row in rows(path, "SELECT pk FROM history ORDER BY pk")] == [3, 4, 5]
    assert [row["fk"] for row in rows(path, "SELECT fk FROM logs ORDER BY fk")] == [3, 4, 5]  # cascaded
    (tmp_path / "bad.db").write_bytes(b"not a database" * 100)
    with pytest.warns(UserWarning, match="integrity check"):
        connect(tmp_path / "bad.db").close()
    assert len(list(tmp_path.glob("corrupt_*_bad.db"))) == 1
    assert SETTINGS["path"] is False
    with pytest.raises(sqlite3.OperationalError):
        rows(path, "SELECT * FROM missing_table")
