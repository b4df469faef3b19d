"""The console: FastEstimator's log lines, one Keras progress bar per train epoch on a terminal, and no noise."""
import os
import pathlib
import pty
import re
import select
import subprocess
import sys
import time

import numpy as np
import pyte

import kerasfe as fe
from kerasfe.trace.logger import format_logs
from tests.conftest import classifier_network, dense_model

ROOT = pathlib.Path(__file__).resolve().parents[2]
MARKER = "=== the run with log lines starts here ==="

# Two epochs of 4 train steps (32 samples, batch 8), logged every 2 steps: step 4 and step 8 end an epoch.
RUN = f"""
import numpy as np
import kerasfe as fe
from tests.conftest import classifier_network, dense_model

def run(log_steps):
    rng = np.random.default_rng(0)
    data = {{"x": rng.normal(size=(32, 4)).astype("float32"), "y": rng.integers(0, 3, 32)}}
    pipeline = fe.Pipeline(train_data=data, eval_data=data, test_data=data, batch_size=8, seed=0)
    estimator = fe.Estimator(pipeline, classifier_network(fe.build(dense_model, "adam")), epochs=2,
                             log_steps=log_steps)
    estimator.fit()
    estimator.test()

run(None)
print({MARKER!r}, flush=True)
run(2)
"""

# (kind, step, epoch) of every line, in order: what the run above prints after the marker.
EXPECTED_LINES = [("Start", 1, None), ("Train", 1, 1), ("Train", 2, 1), ("bar", 4, None), ("Train", 4, 1),
                  ("Eval", 4, 1), ("Train", 6, 2), ("bar", 4, None), ("Train", 8, 2), ("Eval", 8, 2),
                  ("Finish", 8, None), ("Test", 8, 2)]
BAR = re.compile(r"(\d+)/4 ━{20} \d+s \d+(?:s|ms|us)/step(?: - steps/s: \d+\.\d+)?")
FE_LINE = re.compile(r"FastEstimator-(\w+): step: (\d+)(?:; epoch: (\d+))?(?:; .*)?")


def _child_env():
    """The environment a user has: no TF_CPP_MIN_LOG_LEVEL (the test suite sets one), this checkout first."""
    env = {key: value for key, value in os.environ.items() if key != "TF_CPP_MIN_LOG_LEVEL"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return env


def _run_under_a_terminal(script, timeout=600):
    """Runs `script` with stdout and stderr on a pseudo-terminal; returns everything written to it."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.DEVNULL, stdout=terminal,
                               stderr=terminal, env=_child_env(), cwd=ROOT)
    os.close(terminal)
    output, deadline = b"", time.monotonic() + timeout
    while time.monotonic() < deadline:
        if select.select([controller], [], [], 1.0)[0]:
            try:
                chunk = os.read(controller, 1 << 16)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
    os.close(controller)
    try:
        returncode = process.wait(timeout=60)
    finally:
        process.kill()
    assert returncode == 0, output.decode(errors="replace")[-3000:]
    return output.decode()


def _screen_lines(output):
    """The lines a terminal shows after `output` (a VT100 emulator renders the bar's redraws)."""
    screen = pyte.Screen(200, 200)
    pyte.Stream(screen).feed(output)
    return [line.rstrip() for line in screen.display if line.strip()]


def _kind_step_epoch(line):
    bar, log = BAR.fullmatch(line), FE_LINE.fullmatch(line)
    if bar:
        return "bar", int(bar.group(1)), None
    assert log, f"not a progress bar nor a FastEstimator line: {line!r}"
    return log.group(1), int(log.group(2)), log.group(3) and int(log.group(3))


def test_a_terminal_shows_one_live_bar_per_train_epoch_and_each_log_line_once_in_order():
    output = _run_under_a_terminal(RUN)
    before, after = output.split(MARKER + "\r\n")
    # log_steps=None prints nothing, and importing the backends prints no noise; the one line TensorFlow's CUDA
    # build (pulled in next to tensorflow-cpu by keras-hub's tensorflow-text) writes from C++ on a machine without
    # a GPU is TensorFlow's, before any Python setting can silence it
    before = re.sub(r"E0000 [^\n]*cuda_platform\.cc[^\n]*failed call to cuInit[^\n]*\r?\n", "", before)
    assert before == ""
    lines = _screen_lines(after)
    assert [_kind_step_epoch(line) for line in lines] == EXPECTED_LINES
    bars = [line for line in lines if BAR.fullmatch(line)]
    assert all("steps/s: " in bar for bar in bars)
    assert re.search(r"\r\x1b\[1m1/4\x1b\[0m ", after)  # the bar was drawn at step 1 and redrawn in place
    epoch_lines = [line for line in lines if line.startswith("FastEstimator-Train: step: 4;")]
    assert len(epoch_lines) == 1 and "; steps/sec: " in epoch_lines[0] and "; epoch_time: " in epoch_lines[0]


def _estimator(blobs, log_steps, **kwargs):
    pipeline = fe.Pipeline(train_data=blobs, eval_data=blobs, test_data=blobs, batch_size=16, seed=0)
    return fe.Estimator(pipeline, classifier_network(fe.build(dense_model, "adam")), epochs=2, log_steps=log_steps,
                        **kwargs)


def test_without_a_terminal_the_log_lines_come_alone_each_step_once_in_order(blobs, capsys):
    estimator = _estimator(blobs, log_steps=2)  # 4 steps per epoch
    summary = estimator.fit()
    estimator.test()
    printed = capsys.readouterr()
    assert printed.err == "" and not re.search("[\r\x1b\x08━]", printed.out)
    lines = printed.out.splitlines()
    assert [_kind_step_epoch(line) for line in lines] == [line for line in EXPECTED_LINES if line[0] != "bar"]
    train_end = format_logs("Train", {"ce": summary.history["train"]["ce"][8],
                                      "steps/sec": summary.history["train"]["steps/sec"][8],
                                      "epoch_time": summary.history["train"]["epoch_time"][8]}, step=8, epoch=2)
    assert lines[6] == train_end  # the step that ends the epoch: its steps/sec, the epoch's mean loss and time


def test_log_steps_none_prints_nothing(blobs, capsys):
    estimator = _estimator(blobs, log_steps=None)
    estimator.fit()
    estimator.test()
    assert capsys.readouterr() == ("", "")


def test_log_steps_zero_prints_only_the_epoch_lines(blobs, capsys):
    estimator = _estimator(blobs, log_steps=0)
    estimator.fit()
    estimator.test()
    kinds = [_kind_step_epoch(line) for line in capsys.readouterr().out.splitlines()]
    assert kinds == [("Start", 1, None), ("Train", 4, 1), ("Eval", 4, 1), ("Train", 8, 2), ("Eval", 8, 2),
                     ("Finish", 8, None), ("Test", 8, 2)]


def test_a_log_step_inside_an_epoch_keeps_its_own_line(blobs, capsys):
    estimator = _estimator(blobs, log_steps=3)
    estimator.fit()
    kinds = [_kind_step_epoch(line)[:2] for line in capsys.readouterr().out.splitlines()]
    assert kinds == [("Start", 1), ("Train", 1), ("Train", 3), ("Train", 4), ("Eval", 4), ("Train", 6),
                     ("Train", 8), ("Eval", 8), ("Finish", 8)]


def test_format_logs_writes_arrays_on_one_line():
    assert format_logs("Eval", {"confusion": np.array([[1, 0], [0, 1]])}, step=3, epoch=1) == \
        "FastEstimator-Eval: step: 3; epoch: 1; confusion: [[1,0], [0,1]]"
