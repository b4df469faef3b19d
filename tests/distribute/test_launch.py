"""The launcher: each backend's environment, output by rank, and when one process dies the others are stopped and
the error names the rank (plain Python processes, then a real `kerasfe train --nproc 2` whose rank 1 is killed
mid-epoch)."""
import io
import json
import os
import subprocess
import sys
import time

import keras
import pytest

from kerasfe.distribute.launch import LaunchError, launch, process_environment
from kerasfe.errors import ConfigError
from tests.distribute.test_distribute import APP, RUN_SECONDS, needs_data_parallel

BACKEND = keras.backend.backend()


def python(code):
    return [sys.executable, "-c", code]


def gone(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_each_backend_gets_its_standard_variables():
    common = {"KERASFE_NUM_PROCESSES": "3", "KERASFE_PROCESS_ID": "2"}
    assert process_environment("jax", 3, 2, [7000]) == {
        "KERAS_BACKEND": "jax", **common, "KERAS_DISTRIBUTION_JOB_ADDRESSES": "127.0.0.1:7000",
        "KERAS_DISTRIBUTION_NUM_PROCESSES": "3", "KERAS_DISTRIBUTION_PROCESS_ID": "2"}
    assert process_environment("torch", 3, 2, [7000]) == {
        "KERAS_BACKEND": "torch", **common, "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": "7000", "RANK": "2",
        "WORLD_SIZE": "3", "LOCAL_RANK": "2", "LOCAL_WORLD_SIZE": "3"}
    tf_config = json.loads(process_environment("tensorflow", 3, 2, [7000, 7001, 7002])["TF_CONFIG"])
    assert tf_config == {"cluster": {"worker": ["127.0.0.1:7000", "127.0.0.1:7001", "127.0.0.1:7002"]},
                         "task": {"type": "worker", "index": 2}}
    with pytest.raises(ConfigError, match="backend must be one of"):
        process_environment("numpy", 2, 0, [7000])


def test_every_process_runs_with_its_rank_and_its_output_is_prefixed():
    output = io.StringIO()
    launch(python("import os; print(os.environ['KERASFE_PROCESS_ID'], os.environ['KERASFE_NUM_PROCESSES'], "
                  "os.environ['KERAS_BACKEND']); print('done')"), nproc=3, backend=BACKEND, output=output)
    assert sorted(output.getvalue().splitlines()) == [
        f"[rank {rank}] {text}" for rank in range(3) for text in (f"{rank} 3 {BACKEND}", "done")]


def test_a_dead_process_stops_the_others_and_is_named(tmp_path):
    code = ("import os, signal, sys, time; rank = int(os.environ['KERASFE_PROCESS_ID'])\n"
            f"open(os.path.join({str(tmp_path)!r}, f'pid{{rank}}'), 'w').write(str(os.getpid()))\n"
            f"while rank == 1 and len(os.listdir({str(tmp_path)!r})) < 3:\n"
            "    time.sleep(0.05)\n"
            "if rank == 1:\n    os.kill(os.getpid(), signal.SIGKILL)\n"
            "time.sleep(120)")
    start = time.monotonic()
    with pytest.raises(LaunchError, match="rank 1 of 3 was killed by SIGKILL; the other processes were stopped") \
            as error:
        launch(python(code), nproc=3, backend=BACKEND, output=io.StringIO())
    assert time.monotonic() - start < 30
    assert (error.value.rank, error.value.returncode) == (1, -9)
    assert all(gone(int((tmp_path / f"pid{rank}").read_text())) for rank in range(3))


def test_a_process_that_ignores_sigterm_is_killed_after_the_grace_period(tmp_path):
    code = ("import os, signal, sys, time; rank = int(os.environ['RANK'])\n"
            "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
            f"open(os.path.join({str(tmp_path)!r}, f'pid{{rank}}'), 'w').write(str(os.getpid()))\n"
            "time.sleep(1); sys.exit(5) if rank == 0 else time.sleep(120)")
    start = time.monotonic()
    with pytest.raises(LaunchError, match="rank 0 of 2 exited with status 5") as error:
        launch(python(code), nproc=2, backend="torch", grace=1.0, output=io.StringIO())
    assert time.monotonic() - start < 30 and error.value.returncode == 5
    assert gone(int((tmp_path / "pid1").read_text()))


def test_a_run_past_its_timeout_is_stopped():
    start = time.monotonic()
    with pytest.raises(LaunchError, match=r"outlived the timeout of 1.0 s \(ranks \[0, 1\] were still running\)"):
        launch(python("import time; time.sleep(120)"), nproc=2, backend=BACKEND, timeout=1.0, output=io.StringIO())
    assert time.monotonic() - start < 30


def test_nproc_must_be_a_positive_int():
    with pytest.raises(ConfigError, match="nproc must be an int >= 1"):
        launch(python("pass"), nproc=0, backend=BACKEND)


@needs_data_parallel
def test_killing_one_rank_mid_epoch_ends_the_run_with_its_name(tmp_path):
    start = time.monotonic()
    finished = subprocess.run([sys.executable, "-m", "kerasfe.cli", "train", "--nproc", "2", str(APP), "--out",
                               str(tmp_path), "--die_at_step", "2"], capture_output=True, text=True,
                              timeout=RUN_SECONDS)
    assert finished.returncode == 1, finished.stdout[-3000:] + finished.stderr[-3000:]
    assert "kerasfe train: error: rank 1 of 2 was killed by SIGKILL; the other processes were stopped" in \
        finished.stderr
    assert time.monotonic() - start < RUN_SECONDS
    assert gone(json.loads((tmp_path / "report_rank0.json").read_text())["pid"])
