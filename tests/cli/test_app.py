import gc
import os
import pathlib
import subprocess
import sys

import keras
import numpy as np
import pytest

from kerasfe.cli.app import parse_app_arguments, run_app
from kerasfe.errors import ConfigError

ROOT = pathlib.Path(__file__).parents[2]
DIGITS = ROOT / "apphub" / "image_classification" / "digits" / "digits.py"


def get_estimator(epochs=2, learning_rate=1e-3, augment=True, name="run", shape=None):
    """A signature to parse arguments for."""


def test_values_take_the_type_of_the_default():
    arguments = parse_app_arguments(["--epochs", "3", "--learning_rate", "2", "--augment", "false", "--name", "1e3",
                                     "--shape", "(28, 28)"], get_estimator)
    assert arguments == {"epochs": 3, "learning_rate": 2.0, "augment": False, "name": "1e3", "shape": (28, 28)}
    assert type(arguments["learning_rate"]) is float


def test_untyped_values_are_literals_or_text():
    def app(**kwargs):
        pass
    assert parse_app_arguments(["--a=0.5", "--b", "None", "--c", "imdb", "--flag", "--d", "-3"], app) == \
        {"a": 0.5, "b": None, "c": "imdb", "flag": True, "d": -3}


@pytest.mark.parametrize("tokens, message", [(["--epochs", "two"], "--epochs expects a int"),
                                             (["--augment", "maybe"], "--augment expects a bool"),
                                             (["--batch", "4"], "no parameter 'batch'.*'epochs'"),
                                             (["epochs", "4"], "expected --name value pairs")])
def test_bad_arguments_are_reported(tokens, message):
    with pytest.raises(ConfigError, match=message):
        parse_app_arguments(tokens, get_estimator)


APP = """
import kerasfe as fe
from tests.conftest import classifier_network, dense_model


def get_estimator(epochs=1, batch_size=8, units=3, max_train_steps_per_epoch=None):
    import numpy as np
    data = {"x": np.eye(3, 4, dtype="float32").repeat(8, axis=0), "y": np.arange(3).repeat(8)}
    network = classifier_network(fe.build(lambda: dense_model(units=units, name="tiny"), "adam"))
    estimator = fe.Estimator(fe.Pipeline(train_data=data, test_data=data, batch_size=batch_size), network,
                             epochs=epochs, max_train_steps_per_epoch=max_train_steps_per_epoch, log_steps=None)
    estimator.arguments = dict(epochs=epochs, batch_size=batch_size, units=units)
    return estimator
"""


def test_train_saves_the_weights_that_test_loads(tmp_path):
    app = tmp_path / "tiny_app.py"
    app.write_text(APP)
    trained = run_app("train", app, ["--epochs", "2", "--batch_size", "4", "--max_train_steps_per_epoch", "3"],
                      save_dir=tmp_path / "weights")
    assert trained.arguments == {"epochs": 2, "batch_size": 4, "units": 3}
    assert int(trained.network.optimizer.iterations) == 6
    assert [path.name for path in (tmp_path / "weights").iterdir()] == ["tiny.weights.h5"]
    weights = [keras.ops.convert_to_numpy(v) for v in trained.network.models[0].weights]
    test_ce = trained.test().epoch_values("test", "ce")[0]
    del trained
    gc.collect()  # a new process in real use: the name "tiny" is free again
    keras.utils.set_random_seed(1)
    tested = run_app("test", app, [], load_dir=tmp_path / "weights")
    for saved, restored in zip(weights, tested.network.models[0].weights):
        np.testing.assert_array_equal(saved, keras.ops.convert_to_numpy(restored))
    assert tested.system.summary.epoch_values("test", "ce")[0] == pytest.approx(test_ce, rel=1e-5)


def test_missing_weights_are_reported(tmp_path):
    app = tmp_path / "tiny_app.py"
    app.write_text(APP)
    with pytest.raises(ConfigError, match="no weights for model"):
        run_app("test", app, [], load_dir=tmp_path)


def test_kerasfe_command_trains_the_digits_app_and_test_loads_its_weights(tmp_path):
    """Training runs end to end in a new process; testing then loads the saved weights here."""
    backend = keras.backend.backend()
    env = dict(os.environ, KERAS_BACKEND=backend,
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-m", "kerasfe.cli", "train", str(DIGITS), "--epochs", "2", "--batch_size",
                           "16", "--max_train_steps_per_epoch", "3", "--max_eval_steps_per_epoch", "2", "--save_dir",
                           str(tmp_path), "--backend", backend], env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"kerasfe train: {DIGITS} on backend {backend}" in done.stdout
    assert "FastEstimator-Train: step: 6; epoch: 2;" in done.stdout and done.stdout.count("FastEstimator-Eval") == 2
    assert [path.name for path in tmp_path.glob("*.weights.h5")] == ["lenet.weights.h5"]
    gc.collect()  # drop the LeNets of earlier tests, so this one is named "lenet" as in a new process
    tested = run_app("test", DIGITS, ["--max_eval_steps_per_epoch", "1", "--batch_size", "16"], load_dir=tmp_path)
    saved = keras.models.clone_model(tested.network.models[0])
    saved.load_weights(tmp_path / "lenet.weights.h5")
    for expected, loaded in zip(saved.weights, tested.network.models[0].weights):
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(expected), keras.ops.convert_to_numpy(loaded))
    assert len(tested.system.summary.epoch_values("test", "ce")) == 1
