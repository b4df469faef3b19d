"""fe.distribute: the one API over each backend's engine; only the chief writes files; every process stops when one
does. In-process checks (a process told it is not the chief) plus one real run of 2 processes on 127.0.0.1
through `kerasfe train --nproc 2`."""
import json
import os
import pathlib
import subprocess
import sys

import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe import distribute
from kerasfe.cli.app import save_network_weights
from kerasfe.errors import ConfigError
from kerasfe.pipeline.sharding import Shard
from tests.distribute import app

APP = pathlib.Path(app.__file__)
BACKEND = keras.backend.backend()
RUN_SECONDS = 300
needs_data_parallel = pytest.mark.skipif(
    not hasattr(distribute.engine(), "data_parallel"),
    reason=f"needs kerasfe.backend.{BACKEND}_distribute.data_parallel() (the {BACKEND} engine's), not merged yet")


def test_one_process_is_the_chief_of_one():
    assert (distribute.process_index(), distribute.process_count(), distribute.is_chief()) == (0, 1, True)
    assert distribute.all_gather_object({"a": [1, 2]}) == [{"a": [1, 2]}]
    assert (distribute.any_process(0), distribute.any_process("stop")) == (False, True)


@pytest.mark.skipif(BACKEND == "jax", reason="model parallelism is JAX's (keras.distribution.ModelParallel)")
def test_model_parallel_is_jax_only():
    with pytest.raises(ConfigError, match=r"JAX.*data_parallel\(\)"):
        distribute.model_parallel(None)


def run_writers(out, epochs=2):
    """Trains the test app for `epochs` in this process and saves its weights as `kerasfe train --weights_dir`."""
    estimator = app.get_estimator(str(out), epochs=epochs)
    estimator.fit()
    save_network_weights(estimator.network, out / "files" / "rank0" / "weights")


def written(folder):
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def test_a_process_that_is_not_the_chief_writes_no_file(tmp_path, monkeypatch):
    chief, other = tmp_path / "chief", tmp_path / "other"
    chief.mkdir(), other.mkdir()
    run_writers(chief)
    files = [name for name in written(chief / "files") if "tensorboard" not in name]
    assert files == ["rank0/keras_log.csv", "rank0/log.csv", "rank0/net_best_ce.weights.h5",
                     "rank0/net_epoch_2.weights.h5", "rank0/weights/net.weights.h5"]
    assert {pathlib.Path(name).parent.name for name in written(chief / "files") if "tensorboard" in name} == \
        {"train", "eval"}
    monkeypatch.setattr(distribute, "process_index", lambda: 1)
    monkeypatch.setattr(distribute, "process_count", lambda: 2)
    run_writers(other)
    assert written(other) == ["report_rank1.json"]  # the app's own record, not a kerasfe file


def test_every_process_stops_when_any_asks(tmp_path, monkeypatch):
    monkeypatch.setattr(distribute, "process_count", lambda: 2)
    monkeypatch.setattr(distribute, "all_gather_object", lambda obj: [obj, True])  # the other process stops
    estimator = app.get_estimator(str(tmp_path), epochs=3)
    estimator.fit()
    assert len(estimator.system.summary.epoch_values("train", "ce")) == 1


@pytest.fixture(scope="module")
def two_processes(tmp_path_factory):
    """`kerasfe train --nproc 2 app.py` where rank 1 alone asks to stop after the evaluation of epoch 1 of 3."""
    out = tmp_path_factory.mktemp("two_processes")
    finished = subprocess.run([sys.executable, "-m", "kerasfe.cli", "train", "--nproc", "2", str(APP), "--out",
                               str(out), "--stop_rank", "1", "--weights_dir", str(out / "files" / "rank0" / "weights")],
                              capture_output=True, text=True, timeout=RUN_SECONDS)
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    reports = [json.loads((out / f"report_rank{rank}.json").read_text()) for rank in range(2)]
    return out, finished.stdout, reports


@needs_data_parallel
def test_two_processes_only_the_chief_writes(two_processes):
    out, output, _ = two_processes
    assert {line.split("]")[0] + "]" for line in output.splitlines() if line.startswith("[rank")} == \
        {"[rank 0]", "[rank 1]"}
    assert os.listdir(out / "files") == ["rank0"]
    files = [name for name in written(out / "files") if "tensorboard" not in name]
    assert files == ["rank0/keras_log.csv", "rank0/log.csv", "rank0/net_best_ce.weights.h5",
                     "rank0/net_epoch_1.weights.h5", "rank0/weights/net.weights.h5"]


@needs_data_parallel
def test_two_processes_stop_together(two_processes):
    _, _, reports = two_processes
    assert [report["count"] for report in reports] == [2, 2]
    assert [report["epochs"] for report in reports] == [[1], [1]]


@needs_data_parallel
def test_two_processes_read_equal_disjoint_shards(two_processes):
    _, _, reports = two_processes
    data = fe.Pipeline(train_data={"id": np.arange(app.SAMPLES)}, batch_size=app.BATCH_SIZE, seed=0)
    for epoch in ("1", "2"):
        single = [batch["id"].tolist() for batch in data.get_results("train", 10, epoch=int(epoch),
                                                                    shard=Shard(0, 1))]
        first, second = (report["shards"][epoch] for report in reports)
        assert len(first) == len(second) == len(single)
        assert [a + b for a, b in zip(first, second)] == single
