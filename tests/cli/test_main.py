import os
import subprocess
import sys

import keras
import pytest

from kerasfe.cli import app, main as cli


class Finished:
    returncode = 3


def test_another_backend_restarts_the_command_with_keras_backend_set(monkeypatch):
    other = next(name for name in cli.BACKENDS if name != keras.backend.backend())
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda command, env: calls.append((command, env)) or Finished())
    argv = ["train", "app.py", "--backend", other, "--epochs", "2"]
    with pytest.raises(SystemExit) as stopped:
        cli.main(argv)
    assert stopped.value.code == 3
    assert calls == [([sys.executable, "-m", "kerasfe.cli", *argv], {**calls[0][1], "KERAS_BACKEND": other})]


def test_the_loaded_backend_or_no_keras_yet_runs_the_app_in_this_process(monkeypatch):
    restarts, runs = [], []
    monkeypatch.setattr(subprocess, "run", lambda command, env: restarts.append(command) or Finished())
    monkeypatch.setattr(app, "run_app", lambda command, entry_point, extra, **dirs: runs.append((command, extra)))
    cli.main(["train", "app.py", "--backend", keras.backend.backend(), "--epochs", "2"])
    monkeypatch.delitem(sys.modules, "keras")
    monkeypatch.setenv("KERAS_BACKEND", "unset")
    cli.main(["test", "app.py", "--backend", "jax"])
    assert restarts == [] and runs == [("train", ["--epochs", "2"]), ("test", [])]
    assert os.environ["KERAS_BACKEND"] == "jax"


def test_logs_rejects_unknown_arguments(tmp_path):
    with pytest.raises(SystemExit, match="unknown arguments"):
        cli.main(["logs", str(tmp_path), "--smooth", "3"])
