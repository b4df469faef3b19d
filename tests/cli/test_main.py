import os
import pathlib
import re
import subprocess
import sys

import keras
import matplotlib.image
import pytest

from kerasfe.cli import main as cli
from tests.summary.logs.test_log_parse import write_runs

ROOT = pathlib.Path(__file__).parents[2]
FRAMEWORKS = {"keras", "tensorflow", "jax", "torch"}


class Finished:
    returncode = 3


def run_command(*argv, cwd):
    """`python -X importtime -m kerasfe.cli *argv` in a new process; returns it and the top-level packages it
    imported (read from the import-time report on stderr)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "kerasfe.cli", *argv], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=300)
    imported = set(re.findall(r"^import time:.*\| +(\w+)", done.stderr, flags=re.MULTILINE))
    report = "\n".join(line for line in done.stderr.splitlines() if not line.startswith("import time:"))
    return done, imported, report


def test_help_and_logs_answer_without_importing_keras(tmp_path):
    done, imported, _ = run_command("--help", cwd=tmp_path)
    assert done.returncode == 0 and "{train,test,logs}" in done.stdout
    assert "kerasfe" in imported and not imported & FRAMEWORKS
    (tmp_path / "run.txt").write_text("FastEstimator-Train: step: 1; ce: 2.0\nFastEstimator-Train: step: 2; ce: 1.0\n")
    done, imported, report = run_command("logs", "run.txt", "--output", "plot.png", cwd=tmp_path)
    assert done.returncode == 0, report
    assert (tmp_path / "plot.png").read_bytes()[:4] == b"\x89PNG"
    assert "matplotlib" in imported and not imported & FRAMEWORKS


def test_a_mistake_ends_the_command_with_one_line_and_status_2(tmp_path):
    done, imported, report = run_command("train", "missing.py", "--epochs", "2", cwd=tmp_path)
    assert (done.returncode, done.stdout, report) == (2, "", "kerasfe: error: no application script at 'missing.py'")
    assert not imported & FRAMEWORKS


def test_another_loaded_backend_restarts_the_command_with_keras_backend_set(monkeypatch):
    other = next(name for name in cli.BACKENDS if name != keras.backend.backend())
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda command, env: calls.append((command, env)) or Finished())
    argv = ["train", "app.py", "--backend", other, "--epochs", "2"]
    with pytest.raises(SystemExit) as stopped:
        cli.main(argv)
    assert stopped.value.code == 3
    assert calls == [([sys.executable, "-m", "kerasfe.cli", *argv], {**calls[0][1], "KERAS_BACKEND": other})]


def test_a_backend_is_selected_in_this_process_until_keras_is_loaded(monkeypatch):
    loaded = keras.backend.backend()
    assert cli.select_backend(loaded)
    assert not cli.select_backend(next(name for name in cli.BACKENDS if name != loaded))
    monkeypatch.delitem(sys.modules, "keras")
    monkeypatch.setenv("KERAS_BACKEND", "unset")
    assert cli.select_backend("jax")
    assert os.environ["KERAS_BACKEND"] == "jax"


def test_logs_rejects_unknown_arguments(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["logs", str(tmp_path), "--smooth", "3"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.endswith("kerasfe: error: unrecognized arguments: --smooth 3\n")


def test_nproc_must_be_a_positive_number(capsys):
    for value in ("0", "two"):
        with pytest.raises(SystemExit) as stopped:
            cli.build_parser().parse_args(["train", "app.py", "--nproc", value])
        assert stopped.value.code == 2
        assert f"--nproc: expected a number of processes >= 1, got '{value}'" in capsys.readouterr().err
    assert cli.build_parser().parse_args(["train", "app.py", "--nproc", "3"]).nproc == 3


def test_logs_command_plots_files_and_folders(tmp_path, capsys):
    write_runs(tmp_path)
    output = tmp_path / "plots" / "logs.png"
    output.parent.mkdir()
    cli.main(["logs", str(tmp_path / "run_a.txt"), str(tmp_path / "nested"), "--ignore", "steps/sec", "since_best",
              "--output", str(output)])
    assert f"wrote {output}" in capsys.readouterr().out
    # accuracy, ce, epoch_time, lr: 3 columns x 2 rows of 5 x 3.5 inches at 100 dpi
    assert matplotlib.image.imread(output).shape == (700, 1500, 4)


@pytest.mark.parametrize("argv, message", [(["missing"], "no file or folder"),
                                           ([".", "--extension", ".csv"], "no '.csv' files")])
def test_logs_command_reports_missing_files(tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        cli.main(["logs", *argv])
    assert stopped.value.code == 2 and message in capsys.readouterr().err
