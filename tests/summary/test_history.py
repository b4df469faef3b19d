import contextlib
import sqlite3

import pytest

import kerasfe as fe
from kerasfe.summary import HistoryReader, HistoryRecorder, Summary, connect, delete, update_settings
from kerasfe.summary.history import SETTINGS, recorded
from kerasfe.trace.system import System
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


def test_a_run_is_recorded_with_its_log_ops_and_datasets(history, blobs, capsys):
    run = estimator(blobs, [Scripted("score", [0.1])], epochs=1)
    calls = []

    class Loop:  # what Estimator.fit / test are wrapped with (`fe.Estimator.fit.__wrapped__` is the bare method)
        system = run.system

        @recorded
        def fit(self, name):
            self.system.summary = Summary(name)
            calls.append(name)
            print("FastEstimator-Train: step: 1; ce: 0.5")

    Loop().fit("exp one")
    printed = capsys.readouterr().out
    (entry,) = rows(history, "SELECT * FROM history")
    assert calls == ["exp one"] and fe.Estimator.fit.__wrapped__ is not fe.Estimator.fit
    assert (entry["file"], entry["experiment"], entry["status"], entry["n_restarts"]) == \
        ("test_history.py", "exp one", "Completed", 0)
    assert entry["fe_version"] == fe.__version__ and entry["train_end"] >= entry["train_start"]
    (log,) = rows(history, "SELECT log FROM logs")
    assert log["log"] == printed == "FastEstimator-Train: step: 1; ce: 0.5\n"  # passed through and kept
    assert {row["net_op"] for row in rows(history, "SELECT net_op FROM network")} == \
        {"ModelOp", "CrossEntropy", "UpdateOp"}
    assert "Scripted" in {row["trace"] for row in rows(history, "SELECT trace FROM traces")}
    assert sorted((row["mode"], row["dataset"]) for row in rows(history, "SELECT * FROM datasets")) == \
        [("eval", "NumpyDataset"), ("test", "NumpyDataset"), ("train", "NumpyDataset")]
    fe.record_history(False)
    Loop().fit("not recorded")
    assert len(rows(history, "SELECT * FROM history")) == 1 and calls[-1] == "not recorded"


def test_a_failed_run_keeps_its_traceback_and_the_reader_lists_it(tmp_path, capsys, monkeypatch):
    path = str(tmp_path / "h.db")
    for name, error in (("fine", None), ("broken", RuntimeError("boom at epoch end"))):
        with contextlib.suppress(RuntimeError), HistoryRecorder(System(network=None, summary=Summary(name)),
                                                                "run.py", db_path=path):
            if error is not None:
                raise error
    (error,) = rows(path, "SELECT * FROM errors")
    assert error["exc_type"] == "RuntimeError" and "boom at epoch end" in error["exc_tb"]
    capsys.readouterr()
    with HistoryReader(path) as reader:
        reader.read_basic(errors=True, include_traces=True, include_pk=True, as_csv=True)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("SELECT h.*, errors.exc_type error")  # the query is shown first
    header, *found = [line.split(",") for line in lines[1:] if line]
    assert [(row[header.index("experiment")], row[header.index("status")], row[header.index("error")])
            for row in found] == [("broken", "Failed", "RuntimeError")]
    assert "pk" in header and "args" not in header
    commands = iter(["err 1", "log 1", "sql SELECT experiment FROM history ORDER BY experiment", "", "x"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(commands))
    with HistoryReader(path) as reader:
        reader.read_basic(errors=True, interactive=True)
    shown = capsys.readouterr().out
    assert "boom at epoch end" in shown and shown.count("|   2   |    fine    |") == 2  # the new answer, then again


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
