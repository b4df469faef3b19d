import hashlib
import os
import pathlib
import subprocess
import sys
import textwrap
import warnings

import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.atomic_file import TEMP_PREFIX
from kerasfe.errors import ConfigError
from kerasfe.trace.io import BestModelSaver
from tests.conftest import classifier_network, dense_model
from tests.trace.helpers import Recorder, Scripted, estimator


def test_best_model_saver_keeps_the_best_epoch_and_loads_it_back(blobs, tmp_path):
    model = fe.build(dense_model, "adam")
    recorder = Recorder(mode="train")
    saver = BestModelSaver(model, save_dir=str(tmp_path), metric="score", save_best_mode="max", load_best_final=True)
    est = estimator(blobs, [saver, Scripted("score", [0.1, 0.9, 0.5]), recorder], epochs=3, model=model)
    summary = est.fit()
    assert summary.epoch_values("eval", "since_best_score") == [0, 0, 1]
    assert summary.epoch_values("eval", "score_best") == [0.1, 0.9, 0.9]
    best = recorder.weights[1]  # epoch 2's weights (the network's are the model's)
    fresh = fe.build(dense_model, "adam", weights_path=saver.path)
    for saved, expected in zip(fresh.get_weights(), best):
        np.testing.assert_allclose(saved, expected)
    for loaded, expected in zip(model.get_weights(), best):  # load_best_final
        np.testing.assert_allclose(loaded, expected)
    assert not np.allclose(recorder.weights[2][0], best[0])


ROUNDS = 10


def digest(weights):
    """The SHA-256 of the weights' bytes: equal exactly when every weight is."""
    return hashlib.sha256(b"".join(np.ascontiguousarray(weight).tobytes() for weight in weights)).hexdigest()


def wide_model():
    """About 280 000 weights (a 1 MB file), so that writing them takes long enough to be killed in the middle."""
    return keras.Sequential([keras.Input((32,)), keras.layers.Dense(512, activation="relu"),
                             keras.layers.Dense(512, activation="relu"), keras.layers.Dense(1)], name="wide")


# One process imports everything once, then forks a training per round (a fresh process per kill would spend most
# of the time importing). Each child saves the best weights every epoch (the scripted metric falls every epoch);
# the parent waits for the first complete save, then kills the child with SIGKILL: on even rounds as soon as it
# sees an overwrite in progress (the temporary file), on odd rounds at a random moment.
KILLER = textwrap.dedent(f"""
    import os, random, signal, sys, time, traceback
    import numpy as np
    import kerasfe as fe
    from kerasfe.op.tensorop import MeanSquaredError, ModelOp, UpdateOp
    from kerasfe.trace import Trace
    from kerasfe.trace.io import BestModelSaver
    from tests.kill_helpers import wait_for
    from tests.trace.io.test_best_model_saver import digest, wide_model

    class Countdown(Trace):
        def on_epoch_end(self, data):
            data.write_with_log("countdown", -self.system.epoch_idx)

    class Fingerprint(Trace):  # logs the digest of the weights each epoch, before the saver writes them
        def __init__(self, model, path):
            super().__init__(mode="train")
            self.model, self.path = model, path

        def on_epoch_end(self, data):
            with open(self.path, "a") as log:
                log.write(digest(self.model.get_weights()) + "\\n")  # one write() call: a line is whole or absent

    def train(save_dir):
        model = fe.build(wide_model, "sgd", model_name="wide")
        rng = np.random.default_rng(0)
        data = {{"x": rng.normal(size=(8, 32)).astype("float32"), "y": rng.normal(size=(8, 1)).astype("float32")}}
        network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                                  MeanSquaredError(inputs=("y_pred", "y"), outputs="mse"),
                                  UpdateOp(model=model, loss_name="mse")])
        traces = [Countdown(outputs="countdown", mode="train"), Fingerprint(model, save_dir + ".digests"),
                  BestModelSaver(model, save_dir, metric="countdown", mode="train")]
        fe.Estimator(fe.Pipeline(train_data=data, batch_size=8), network, epochs=100_000, traces=traces,
                     log_steps=None).fit()

    folder, rng = sys.argv[1], random.Random(int(sys.argv[2]))
    hits = 0
    for index in range({ROUNDS}):
        save_dir = os.path.join(folder, f"run{{index}}")
        os.makedirs(save_dir)
        writing = lambda: any(name.startswith("{TEMP_PREFIX}") for name in os.listdir(save_dir))
        pid = os.fork()
        if pid == 0:
            try:
                train(save_dir)
            except BaseException:
                traceback.print_exc()
            os._exit(1)
        wait_for(lambda: os.path.exists(os.path.join(save_dir, "wide_best_countdown.weights.h5")), pid, 60)
        if index % 2 == 0:
            wait_for(writing, pid, 5)
            time.sleep(rng.uniform(0, 0.005))
        else:
            time.sleep(rng.uniform(0, 0.2))
        hits += writing()
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    print("killed while writing", hits)
""")


def test_killing_the_run_during_best_model_overwrites_leaves_every_file_loadable(tmp_path):
    root = str(pathlib.Path(__file__).parents[3])
    jax_cache = {"JAX_COMPILATION_CACHE_DIR": str(tmp_path / "jax_cache"),  # later rounds reuse the compiled steps
                 "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0", "JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES": "0"}
    result = subprocess.run([sys.executable, "-c", KILLER, str(tmp_path), "0"], capture_output=True, text=True,
                            timeout=300, cwd=root, env={**os.environ, **jax_cache, "PYTHONPATH": root})
    assert result.returncode == 0, result.stdout + result.stderr
    hits = int(result.stdout.split("killed while writing")[-1])
    assert hits >= 3, result.stdout  # several kills hit an overwrite in progress
    model = wide_model()
    for index in range(ROUNDS):
        save_dir = tmp_path / f"run{index}"
        finals = [name for name in os.listdir(save_dir) if not name.startswith(TEMP_PREFIX)]
        assert finals == ["wide_best_countdown.weights.h5"]  # never a partial file under the final name
        model.load_weights(save_dir / finals[0])
        # the weights of one of the last two epochs (the newest when its save finished), exactly as in memory
        written = (tmp_path / f"run{index}.digests").read_text().split()
        assert digest(model.get_weights()) in written[-2:], (index, len(written))
        assert len(os.listdir(save_dir)) <= 2  # at most the one temporary file of the interrupted save


def test_a_best_model_saver_without_data_in_its_mode_fails_before_the_first_step(blobs, tmp_path):
    model = fe.build(dense_model, "adam")
    initial = [np.array(weight) for weight in model.get_weights()]
    estimator = fe.Estimator(fe.Pipeline(train_data=blobs, batch_size=16), classifier_network(model), epochs=2,
                             traces=[BestModelSaver(model, str(tmp_path), metric="ce")], log_steps=None)
    with pytest.raises(ConfigError) as error:
        estimator.fit()
    message = str(error.value)
    assert message.startswith("BestModelSaver reads ['ce'] but runs only in mode 'eval'")
    assert "no eval data (it has ['train'])" in message
    assert "Fix: pass eval_data=... to fe.Pipeline, or set the Trace's mode to one of ['train']" in message
    assert os.listdir(tmp_path) == []
    for weight, before in zip(model.get_weights(), initial):  # not one step ran
        np.testing.assert_array_equal(weight, before)


def test_a_train_mode_best_model_saver_needs_no_eval_data(blobs, tmp_path):
    model = fe.build(dense_model, "adam")
    saver = BestModelSaver(model, str(tmp_path), metric="ce", mode="train")
    summary = fe.Estimator(fe.Pipeline(train_data=blobs, batch_size=16), classifier_network(model), epochs=2,
                           traces=[saver], log_steps=None).fit()
    assert summary.epoch_values("train", "ce_best") == pytest.approx(np.minimum.accumulate(
        summary.epoch_values("train", "ce")))
    assert os.listdir(tmp_path) == [os.path.basename(saver.path)]


def test_weights_name_is_the_exact_file_name_and_save_architecture_the_whole_model(blobs, tmp_path):
    model = fe.build(dense_model, "adam")
    saver = BestModelSaver(model, str(tmp_path), metric="score", save_best_mode="max", weights_name="top",
                           save_architecture=True)
    recorder = Recorder(mode="train")
    estimator(blobs, [saver, Scripted("score", [0.9, 0.1]), recorder], epochs=2, model=model).fit()
    assert sorted(os.listdir(tmp_path)) == ["top.keras", "top.weights.h5"]
    assert saver.architecture_path == str(tmp_path / "top.keras")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Keras's note on the optimizer's variables not yet built in the copy
        whole = keras.saving.load_model(saver.architecture_path)
    for saved, expected in zip(whole.get_weights(), recorder.weights[0]):  # epoch 1 had the best score
        np.testing.assert_allclose(saved, expected)
