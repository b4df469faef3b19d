"""JAX distribution: data- and model-parallel trainings (8 virtual devices in one process, 2 connected processes
on 127.0.0.1) equal the one-device run on the same global batches, with merge_grad, EMA weights, a distributed
`Accuracy` and mixed precision too (`distribute_features`); a killed process stops the others."""
import contextlib
import functools
import os
import pickle
import socket
import subprocess
import time

import keras
import numpy as np
import pytest

if keras.backend.backend() != "jax":
    pytest.skip("the JAX distribution engine runs under KERAS_BACKEND=jax", allow_module_level=True)

from kerasfe.backend import jax_distribute  # noqa: E402
from kerasfe.errors import ConfigError  # noqa: E402
from tests.backend import distribute_features as features  # noqa: E402
from tests.backend import jax_distribute_job as job  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOLERANCE = 1e-5
FEW_RUNS = [("lenet", "sgd", "fit"), ("gan", "adam", "fit")]
# Keras's ModelParallel on a LayoutMap, through network.fit and through the Estimator
MODEL_PARALLEL_RUNS = [("lenet", "adam", "fit"), ("lenet", "adam", "estimator")]


@functools.cache
def one_device(run):
    return job.run_one(run)


def environment(devices, **extra):
    return dict(os.environ, PYTHONPATH=ROOT, KERAS_BACKEND="jax", TF_CPP_MIN_LOG_LEVEL="3",
                XLA_FLAGS=f"--xla_force_host_platform_device_count={devices}", **extra)


def free_port():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        return server.getsockname()[1]


def process_environment(index, port, count=2):
    return environment(2, KERAS_DISTRIBUTION_JOB_ADDRESSES=f"127.0.0.1:{port}",
                       KERAS_DISTRIBUTION_NUM_PROCESSES=str(count), KERAS_DISTRIBUTION_PROCESS_ID=str(index))


def load(path):
    with open(path, "rb") as file:
        return pickle.load(file)


def assert_equals_one_device(run, result):
    if run[0] == "feature":
        return features.assert_same(result, one_device(run), run[1])
    expected = one_device(run)
    assert result["loss"].shape == expected["loss"].shape == (job.STEPS,)
    np.testing.assert_allclose(result["loss"], expected["loss"], rtol=0, atol=TOLERANCE)
    assert len(result["weights"]) == len(expected["weights"])
    for got, want in zip(result["weights"], expected["weights"]):
        np.testing.assert_allclose(got, want, rtol=0, atol=TOLERANCE)
    data_key, computed_key = job.BUS_KEYS[run[0]]
    assert result[data_key].shape[0] == job.GLOBAL_BATCH * job.STEPS  # the whole global batch, every step
    np.testing.assert_array_equal(result[data_key], expected[data_key])
    np.testing.assert_allclose(result[computed_key], expected[computed_key], rtol=0, atol=TOLERANCE)


def run_in_process(name, runs, tmp_path):
    out = tmp_path / f"{name}.pkl"
    done = subprocess.run(job.command(name, runs, out), env=environment(8), capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return load(out)


@pytest.fixture(scope="module")
def eight_devices(tmp_path_factory):
    """FEW_RUNS and every `distribute_features` training on 8 devices, in one subprocess."""
    return run_in_process("data_parallel", FEW_RUNS + job.FEATURE_RUNS, tmp_path_factory.mktemp("eight_devices"))


@pytest.mark.parametrize("run", FEW_RUNS + job.FEATURE_RUNS, ids="-".join)
def test_data_parallel_on_8_devices_equals_one_device(eight_devices, run):
    assert_equals_one_device(run, eight_devices[run])


@pytest.mark.slow
def test_data_parallel_on_8_devices_equals_one_device_for_every_run(tmp_path):
    runs = job.EVERY_RUN + [("lenet", "adam", "estimator")]
    results = run_in_process("data_parallel", runs, tmp_path)
    for run in runs:
        assert_equals_one_device(run, results[run])


@pytest.mark.parametrize("runs", [MODEL_PARALLEL_RUNS, pytest.param(job.EVERY_RUN, marks=pytest.mark.slow)])
def test_model_parallel_with_a_layout_map_equals_one_device_through_fit_and_estimator(runs, tmp_path):
    results = run_in_process("model_parallel", runs, tmp_path)
    for run in runs:
        assert_equals_one_device(run, results[run])


@contextlib.contextmanager
def two_processes(name, runs, tmp_path):
    """Starts `name` as 2 connected processes (stdout, stderr to files: a full pipe would block one); yields
    them and their [stdout, stderr] paths; kills what still runs at the end."""
    port, logs = free_port(), [(tmp_path / f"out{index}.txt", tmp_path / f"err{index}.txt") for index in range(2)]
    with contextlib.ExitStack() as files:
        processes = [subprocess.Popen(job.command(name, runs, tmp_path / f"{name}{index}.pkl"),
                                      env=process_environment(index, port),
                                      stdout=files.enter_context(out.open("w")),
                                      stderr=files.enter_context(err.open("w")))
                     for index, (out, err) in enumerate(logs)]
        try:
            yield processes, logs
        finally:
            for process in processes:
                process.kill()
                process.wait()


# the EMA run is an Estimator one: its Accuracy (of the EMA weights) aggregates over the 2 processes
@pytest.mark.parametrize("runs", [[("lenet", "adam", "fit"), ("feature", "ema_accuracy", "fit")],
                                  pytest.param(job.EVERY_RUN, marks=pytest.mark.slow)])
def test_two_processes_train_as_one_device_and_gather_objects(runs, tmp_path):
    with two_processes("processes", runs, tmp_path) as (processes, logs):
        codes = [process.wait(timeout=900) for process in processes]
    assert codes == [0, 0], "".join(err.read_text(errors="replace")[-2000:] for _, err in logs)
    for index in range(2):
        results = load(tmp_path / f"processes{index}.pkl")
        assert results["gathered"] == [{"index": 0, "items": []}, {"index": 1, "items": list(range(100))}]
        for run in runs:
            assert_equals_one_device(run, results[run])


def wait_for_steps(log, steps, timeout=600):
    deadline = time.monotonic() + timeout
    while log.read_text().count("step") < steps:
        assert time.monotonic() < deadline, f"no {steps} training steps in {timeout} s"
        time.sleep(0.1)


@pytest.mark.parametrize("victim", [0, 1])  # 0: the coordinator
def test_a_killed_process_makes_the_other_exit_with_an_error(victim, tmp_path):
    with two_processes("endless", [], tmp_path) as (processes, logs):
        wait_for_steps(logs[victim][0], 3)  # the victim has trained 3 steps with the other
        processes[victim].kill()
        killed = time.monotonic()
        code = processes[1 - victim].wait(timeout=60)
        elapsed = time.monotonic() - killed
    error = logs[1 - victim][1].read_text(errors="replace")
    assert code != 0 and elapsed < 60
    assert "gloo" in error or "distributed service detected fatal errors" in error, error[-2000:]


def test_processes_need_the_coordinator_address_and_their_index(monkeypatch):
    monkeypatch.setenv(jax_distribute.NUM_PROCESSES, "2")
    monkeypatch.delenv(jax_distribute.JOB_ADDRESSES, raising=False)
    monkeypatch.delenv(jax_distribute.PROCESS_ID, raising=False)
    with pytest.raises(ConfigError, match="KERAS_DISTRIBUTION_JOB_ADDRESSES.*KERAS_DISTRIBUTION_PROCESS_ID"):
        jax_distribute.data_parallel()
    assert keras.distribution.distribution() is None


def test_model_parallel_needs_a_layout_map():
    with pytest.raises(ConfigError, match="LayoutMap.*got dict"):
        jax_distribute.model_parallel({"dense.*kernel": (None, "model")})
    assert keras.distribution.distribution() is None


def test_one_process_data_parallel_spans_its_devices_and_leaves_sharding_to_the_pipeline():
    distribution = jax_distribute.data_parallel()
    try:
        assert keras.distribution.distribution() is distribution
        assert distribution.device_mesh.shape == (len(keras.distribution.list_devices()),)
        assert distribution.auto_shard_dataset is False  # the kerasfe Pipeline gives each process its shard
    finally:
        keras.distribution.set_distribution(None)
