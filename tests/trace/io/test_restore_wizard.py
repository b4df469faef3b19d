import ast
import os
import pathlib
import pickle
import re
import subprocess
import sys
import textwrap
import time

import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe import training_state
from kerasfe.atomic_file import TEMP_PREFIX
from kerasfe.errors import ConfigError
from kerasfe.op import numpyop, tensorop
from kerasfe.trace import Trace
from kerasfe.trace.adapt import EarlyStopping, LRScheduler
from kerasfe.trace.io import BestModelSaver, RestoreWizard
from kerasfe.trace.metric import Accuracy

TIMING_KEYS = ("steps/sec", "epoch_time", "total_time")  # wall-clock values differ between any two runs


class Interrupted(Exception):
    pass


class Interrupt(Trace):
    """Raises `Interrupted` after train step `at` (None: never) and sleeps `pace` seconds after every train step."""

    state_exclude = Trace.state_exclude + ("at", "pace")  # settings of this run, not state to carry over

    def __init__(self, at=None, pace=0.0):
        super().__init__(mode="train")
        self.at, self.pace = at, pace

    def on_batch_end(self, data):
        if self.pace:
            time.sleep(self.pace)
        if self.system.global_step == self.at:
            raise Interrupted(self.at)


def small_model():
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dropout(0.25),
                             keras.layers.Dense(3, activation="softmax")], name="small")


def wide_model():
    """About 70 000 weights (an 800 kB snapshot with Adam's slots), so that writing one takes a moment."""
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(256, activation="relu"), keras.layers.Dropout(0.25),
                             keras.layers.Dense(256, activation="relu"), keras.layers.Dense(3, activation="softmax")],
                            name="wide")


def estimator(folder, epochs=3, frequency="2s", interrupt_at=None, pace=0.0, engine="grain", num_process=0,
              model_fn=small_model, stop=("min", 50)):
    """A run with state everywhere: shuffled batches, random NumpyOp and TensorOp, Dropout, Adam, an epoch-wise
    learning rate, a metric, a best-model saver, early stopping and a RestoreWizard in `folder`/snapshots."""
    fe.enable_deterministic(3)
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 40)
    data = {"x": (rng.normal(size=(40, 4)) + 2.0 * np.eye(3, 4)[y]).astype("float32"), "y": y.astype("int64")}
    model = fe.build(model_fn, "adam")
    pipeline = fe.Pipeline(train_data=data, eval_data=data, batch_size=8, engine=engine, num_process=num_process,
                           ops=[numpyop.Sometimes(numpyop.LambdaOp(fn=lambda x: -x, inputs="x", outputs="x"))])
    network = fe.Network(ops=[
        tensorop.Sometimes(tensorop.LambdaOp(fn=lambda x: x * 0.5, inputs="x", outputs="x", mode="train")),
        tensorop.ModelOp(model=model, inputs="x", outputs="y_pred"),
        tensorop.CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
        tensorop.UpdateOp(model=model, loss_name="ce")])
    traces = [Accuracy(true_key="y", pred_key="y_pred"),
              BestModelSaver(model, os.path.join(folder, "best"), metric="accuracy", save_best_mode="max"),
              EarlyStopping(monitor="ce", compare=stop[0], patience=stop[1]),
              LRScheduler(model, lambda epoch: 1e-3 / epoch),
              RestoreWizard(os.path.join(folder, "snapshots"), frequency=frequency), Interrupt(interrupt_at, pace)]
    return fe.Estimator(pipeline, network, epochs=epochs, traces=traces, log_steps=3)


def results(est, summary):
    """What must match an uninterrupted run exactly: weights, every optimizer variable, the Summary (its keys named
    after the model say "model": each run in one process names its model anew, "small", "small_1", ...)."""
    history = {}
    for mode, logs in summary.history.items():
        for key in set(logs) - set(TIMING_KEYS):
            history.setdefault(mode, {}).setdefault(re.sub(r"^(small|wide)(_\d+)?_", "model_", key), {}).update(
                logs[key])
    variables = est.network.optimizer.variables
    return {"weights": [np.array(weight) for weight in est.network.get_weights()],
            "optimizer": [np.array(keras.ops.convert_to_numpy(variable.value)) for variable in variables],
            "summary": history}


def assert_same(result, expected):
    assert len(result["weights"]) == len(expected["weights"]) > 0
    for value, reference in zip(result["weights"] + result["optimizer"],
                                expected["weights"] + expected["optimizer"]):
        np.testing.assert_array_equal(value, reference)
    assert len(result["optimizer"]) == len(expected["optimizer"]) > 0
    assert result["summary"] == expected["summary"]


def fit(folder, **kwargs):
    est = estimator(str(folder), **kwargs)
    return results(est, est.fit())


@pytest.fixture(scope="module")
def expected(tmp_path_factory):
    """The results of an uninterrupted run (on the grain engine, in this thread)."""
    return fit(tmp_path_factory.mktemp("reference"))


@pytest.mark.parametrize("engine, num_process", [("grain", 0), ("tf.data", 2)])
def test_a_run_interrupted_mid_epoch_resumes_bit_identically(tmp_path, expected, engine, num_process):
    with pytest.raises(Interrupted):  # 5 steps per epoch: the last snapshot is step 6, in the middle of epoch 2
        estimator(str(tmp_path), interrupt_at=7, engine=engine, num_process=num_process).fit()
    assert os.listdir(tmp_path / "snapshots") == ["step_000000006"]
    state = training_state.load(tmp_path / "snapshots" / "step_000000006")
    assert state["position"] == {"epoch": 2, "batches_done": 1, "global_step": 6, "stop_training": False}
    est = estimator(str(tmp_path), engine=engine, num_process=num_process)
    summary = est.fit()
    assert_same(results(est, summary), expected)
    assert sorted(summary.history["train"]["ce"]) == [1, 3, 5, 6, 9, 10, 12, 15]  # log steps and epoch ends
    assert os.listdir(tmp_path / "snapshots") == ["step_000000014"]


def test_an_epoch_snapshot_resumes_after_the_evaluation_and_resume_from_names_a_snapshot(tmp_path, expected):
    with pytest.raises(Interrupted):
        estimator(str(tmp_path / "run"), frequency=1, interrupt_at=12).fit()
    snapshot = tmp_path / "run" / "snapshots" / "step_000000010"
    assert training_state.load(snapshot)["position"]["epoch"] == 3
    est = estimator(str(tmp_path / "elsewhere"), frequency=1)  # its own RestoreWizard folder is empty
    assert_same(results(est, est.fit(resume_from=str(snapshot))), expected)


def test_a_run_that_early_stopping_ended_stays_ended_when_fit_again(tmp_path):
    est = estimator(str(tmp_path), epochs=6, frequency=1, stop=("max", 0))  # stops once the eval loss falls
    first = results(est, est.fit())
    assert max(first["summary"]["train"]["epoch"].values()) < 6
    again = estimator(str(tmp_path), epochs=6, frequency=1, stop=("max", 0))
    assert_same(results(again, again.fit()), first)  # no step more


def test_resume_errors_name_the_cause(tmp_path):
    with pytest.raises(ConfigError, match="frequency must be an int >= 1 .* or a string '<N>s'"):
        RestoreWizard(str(tmp_path), frequency="10 steps")
    with pytest.raises(ConfigError, match="no snapshot there"):
        estimator(str(tmp_path / "run")).fit(resume_from=str(tmp_path / "missing"))
    with pytest.raises(Interrupted):
        estimator(str(tmp_path / "run"), interrupt_at=3).fit()
    other = estimator(str(tmp_path / "run"), model_fn=lambda: keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(3, activation="softmax")]))
    with pytest.raises(ConfigError, match="the snapshot does not fit the network: it holds"):
        other.fit()


def test_only_the_newest_complete_snapshot_is_kept_and_leftovers_of_a_killed_write_go(tmp_path):
    snapshots = tmp_path / "snapshots"
    leftover = snapshots / f"{TEMP_PREFIX}0123-step_000000002"
    os.makedirs(leftover)  # as a write killed before its rename leaves it
    (leftover / training_state.STATE_FILE).write_bytes(b"partial")
    wizard = RestoreWizard(str(snapshots))
    assert wizard.latest() is None  # a temporary folder is never a snapshot
    fit(tmp_path, epochs=2, frequency="4s")
    assert os.listdir(snapshots) == ["step_000000008"]  # steps 4 and 8
    assert wizard.latest() == str(snapshots / "step_000000008")


# One process imports everything once, then forks each training (a fresh process per run would spend most of the
# time importing): an uninterrupted reference, then runs that resume from the RestoreWizard's folder and are killed
# with SIGKILL, at a random moment (odd kills) or as soon as a snapshot is being written (even kills), then one that
# finishes. Each finished run writes its results to a file.
KILLER = textwrap.dedent("""
    import os, pickle, random, signal, sys, time, traceback
    from tests.kill_helpers import wait_for
    from tests.trace.io.test_restore_wizard import estimator, results, wide_model

    def start(folder, name, pace):
        pid = os.fork()
        if pid == 0:
            try:
                est = estimator(folder, epochs=epochs, pace=pace, model_fn=wide_model)
                with open(os.path.join(folder, name), "wb") as file:
                    pickle.dump(results(est, est.fit()), file)
                os._exit(0)
            except BaseException:
                traceback.print_exc()
                os._exit(1)
        return pid

    def steps(snapshots):
        names = os.listdir(snapshots) if os.path.isdir(snapshots) else []
        return sorted(int(name[5:]) for name in names if name.startswith("step_"))

    folder, kills, epochs, rng = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), random.Random(int(sys.argv[4]))
    reference = os.path.join(folder, "reference")
    os.makedirs(reference)
    pid = start(reference, "results.pkl", pace=0.0)
    assert os.waitpid(pid, 0)[1] == 0
    run, hits, killed_at = os.path.join(folder, "run"), 0, []
    snapshots = os.path.join(run, "snapshots")
    writing = lambda: any(name.startswith(".tmp-") for name in os.listdir(snapshots))
    os.makedirs(run)
    for index in range(kills):
        before = (steps(snapshots) or [0])[-1]
        pid = start(run, "never.pkl", pace=0.03)
        wait_for(lambda: (steps(snapshots) or [0])[-1] > before, pid, 120)  # it resumed and made progress
        if index % 2 == 0:
            wait_for(writing, pid, 5)
        else:
            time.sleep(rng.uniform(0, 0.05))
        os.kill(pid, signal.SIGKILL)
        assert os.waitpid(pid, 0)[1] == signal.SIGKILL
        hits += writing()  # the kill left a snapshot half written
        killed_at.append((steps(snapshots) or [0])[-1])
    pid = start(run, "results.pkl", pace=0.0)
    assert os.waitpid(pid, 0)[1] == 0
    print("killed after snapshots", killed_at, "while writing", hits)
""")


def kill_and_resume(tmp_path, kills, epochs, seed):
    root = str(pathlib.Path(__file__).parents[3])
    jax_cache = {"JAX_COMPILATION_CACHE_DIR": str(tmp_path / "jax_cache"),  # later runs reuse the compiled steps
                 "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0", "JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES": "0"}
    result = subprocess.run([sys.executable, "-c", KILLER, str(tmp_path), str(kills), str(epochs), str(seed)],
                            capture_output=True, text=True, timeout=600, cwd=root,
                            env={**os.environ, **jax_cache, "PYTHONPATH": root})
    assert result.returncode == 0, result.stdout + result.stderr
    report = result.stdout.split("killed after snapshots")[-1]
    assert int(report.split("while writing")[-1]) >= 1, report  # a kill hit a snapshot being written
    killed_at = ast.literal_eval(report.split("while writing")[0].strip())
    assert len(killed_at) == kills and killed_at == sorted(killed_at) and killed_at[-1] < 5 * epochs, report
    with open(tmp_path / "reference" / "results.pkl", "rb") as file:
        expected = pickle.load(file)
    with open(tmp_path / "run" / "results.pkl", "rb") as file:
        assert_same(pickle.load(file), expected)
    assert os.listdir(tmp_path / "run" / "snapshots") == [f"step_{5 * epochs:09d}"]  # no partial snapshot left
    wide_model().load_weights(tmp_path / "run" / "best" / "wide_best_accuracy.weights.h5")


def test_a_run_killed_three_times_also_during_snapshot_writes_ends_bit_identical(tmp_path):
    kill_and_resume(tmp_path, kills=3, epochs=4, seed=0)


@pytest.mark.slow
def test_a_run_killed_seven_times_ends_bit_identical(tmp_path):
    kill_and_resume(tmp_path, kills=7, epochs=8, seed=1)
