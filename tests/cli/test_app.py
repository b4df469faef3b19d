import gc
import os
import pathlib
import subprocess
import sys

import keras
import numpy as np
import pytest

from kerasfe.cli.app import parse_app_arguments, run_app
from kerasfe.summary.logs import parse_log_text
from kerasfe.cli.main import main
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


def test_parameters_without_default_must_be_given():
    def app(data_dir, epochs=1, *, cache_dir):
        pass
    with pytest.raises(ConfigError, match=r"^app needs --data_dir VALUE --cache_dir VALUE$"):
        parse_app_arguments(["--epochs", "2"], app)


APP = """
import keras
import numpy as np

import kerasfe as fe
from kerasfe.trace.io import BestModelSaver
from tests.conftest import classifier_network, dense_model


def get_estimator(save_dir, epochs=1, learning_rate=0.1, log_steps=None):
    data = {"x": np.eye(3, 4, dtype="float32").repeat(8, axis=0), "y": np.arange(3).repeat(8)}
    model = fe.build(lambda: dense_model(name="tiny"), lambda: keras.optimizers.SGD(learning_rate))
    # full-batch descent lowers the eval loss every epoch: its "best" (highest) value is the first epoch's
    saver = BestModelSaver(model, save_dir=save_dir, metric="ce", save_best_mode="max")
    return fe.Estimator(fe.Pipeline(train_data=data, eval_data=data, test_data=data, batch_size=24),
                        classifier_network(model), epochs=epochs, traces=[saver], log_steps=log_steps)
"""


def write_app(folder, text=APP, name="tiny_app.py"):
    gc.collect()  # drop the models of earlier tests, so the app's is named "tiny" as in a new process
    path = folder / name
    path.write_text(text)
    return path


def weights_in(path, like):
    """The weights of the file `path`, read into a copy of the model `like`."""
    model = keras.models.clone_model(like)
    model.load_weights(path)
    return [keras.ops.convert_to_numpy(v) for v in model.weights]


def test_train_passes_save_dir_to_the_app_tests_and_test_loads_the_best_weights(tmp_path, capsys):
    app = write_app(tmp_path)
    main(["train", str(app), "--backend", keras.backend.backend(), "--epochs", "3", "--save_dir",
          str(tmp_path / "best"), "--weights_dir", str(tmp_path / "last"), "--log_steps", "1"])
    logs = parse_log_text(capsys.readouterr().out)
    eval_ce = [value for _, value in sorted(logs["eval"]["ce"].items())]
    assert len(eval_ce) == 3 and eval_ce == sorted(eval_ce, reverse=True)
    assert list(logs["test"]["ce"].values()) == [pytest.approx(eval_ce[-1], rel=1e-4)]  # train ran the test
    assert [path.name for path in (tmp_path / "best").iterdir()] == ["tiny_best_ce.weights.h5"]
    assert [path.name for path in (tmp_path / "last").iterdir()] == ["tiny.weights.h5"]
    gc.collect()  # a new process in real use: the name "tiny" is free again
    tested = run_app("test", app, ["--save_dir", str(tmp_path / "unused")], load_weights=tmp_path / "best")
    (model,) = tested.network.models
    best, last = (weights_in(path, model) for path in (tmp_path / "best" / "tiny_best_ce.weights.h5",
                                                       tmp_path / "last" / "tiny.weights.h5"))
    for expected, other, loaded in zip(best, last, model.weights):
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(loaded), expected)
        assert not np.array_equal(expected, other)
    assert tested.system.summary.epoch_values("test", "ce") == [pytest.approx(eval_ce[0], rel=1e-4)]


def test_test_without_best_weights_loads_the_saved_ones_and_reports_missing_ones(tmp_path):
    app = write_app(tmp_path)
    trained = run_app("train", app, ["--save_dir", str(tmp_path / "best")], weights_dir=tmp_path / "last")
    last = [keras.ops.convert_to_numpy(v) for v in trained.network.models[0].weights]
    del trained
    gc.collect()
    tested = run_app("test", app, ["--save_dir", str(tmp_path)], load_weights=tmp_path / "last")
    for expected, loaded in zip(last, tested.network.models[0].weights):
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(loaded), expected)
    del tested
    gc.collect()
    with pytest.raises(ConfigError, match=r"no weights for model 'tiny' in .* \(looked for "
                                          r"\['tiny_best_ce.weights.h5', 'tiny.weights.h5'\]\); it has \[\]"):
        run_app("test", app, ["--save_dir", str(tmp_path)], load_weights=tmp_path)


MISTAKES = [
    (["train", "missing.py"], "no application script at 'missing.py'"),
    (["train", "{folder}/empty.py"], "'{folder}/empty.py' defines no get_estimator function"),
    (["train", "{app}"], "get_estimator needs --save_dir VALUE"),
    (["train", "{app}", "--save_dir", "{folder}", "--epoch", "2"],
     "get_estimator has no parameter 'epoch'; it takes ['save_dir', 'epochs', 'learning_rate', 'log_steps']"),
    (["train", "{app}", "--save_dir", "{folder}", "--epochs", "two"],
     "--epochs expects a int (its default is 1); got 'two'"),
    (["test", "{app}", "--save_dir", "{folder}", "--load_weights", "{folder}"],
     "no weights for model 'tiny' in '{folder}' (looked for ['tiny_best_ce.weights.h5', 'tiny.weights.h5']); "
     "it has []"),
    (["train", "{folder}/clash.py", "--weights_dir", "{folder}"],
     "get_estimator's parameter(s) ['weights_dir'] have the names of kerasfe options ['--backend', '--weights_dir', "
     "'--nproc']; rename them"),
    (["logs", "{folder}/missing"], "no file or folder '{folder}/missing'"),
]


@pytest.mark.parametrize("argv, message", MISTAKES)
def test_user_mistakes_print_one_line_and_exit_2(tmp_path, capsys, argv, message):
    app = write_app(tmp_path)
    write_app(tmp_path, "x = 1\n", "empty.py")
    write_app(tmp_path, "def get_estimator(weights_dir=None):\n    pass\n", "clash.py")
    with pytest.raises(SystemExit) as stopped:
        main([token.format(app=app, folder=tmp_path) for token in argv])
    gc.collect()  # the model "tiny" of the test case is dropped
    assert stopped.value.code == 2
    assert capsys.readouterr().err == f"kerasfe: error: {message.format(folder=tmp_path)}\n"


def test_kerasfe_command_trains_and_tests_the_digits_app_and_test_loads_the_best_weights(tmp_path):
    """Training runs end to end in a new process, started with KERAS_BACKEND naming another backend: `--backend`
    sets it in that same process (a re-execution would fail); testing then loads the best weights here."""
    backend = keras.backend.backend()
    other = next(name for name in ("tensorflow", "jax", "torch") if name != backend)
    command = ("import subprocess, sys\n"
               "run = subprocess.run\n"
               "def no_kerasfe_run(command, *args, **kwargs):\n"
               "    assert command[1:3] != ['-m', 'kerasfe.cli'], 're-executed'\n"
               "    return run(command, *args, **kwargs)\n"
               "subprocess.run = no_kerasfe_run\n"
               "from kerasfe.cli.main import main\n"
               "main()")
    env = dict(os.environ, KERAS_BACKEND=other,
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", command, "train", str(DIGITS), "--epochs", "2", "--batch_size", "16",
                           "--max_train_steps_per_epoch", "3", "--max_eval_steps_per_epoch", "2", "--save_dir",
                           str(tmp_path), "--backend", backend], env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"kerasfe train: {DIGITS} on backend {backend}" in done.stdout
    logs = parse_log_text(done.stdout)
    assert max(logs["train"]["ce"]) == 6 and sorted(logs["eval"]["accuracy"]) == [3, 6]
    assert list(logs["test"]["accuracy"]) == [6]  # the app's test step ran after training
    assert [path.name for path in tmp_path.glob("*.weights.h5")] == ["lenet_best_accuracy.weights.h5"]
    gc.collect()  # drop the LeNets of earlier tests, so this one is named "lenet" as in a new process
    tested = run_app("test", DIGITS, ["--max_eval_steps_per_epoch", "1", "--batch_size", "16"],
                     load_weights=tmp_path)
    (model,) = tested.network.models
    for expected, loaded in zip(weights_in(tmp_path / "lenet_best_accuracy.weights.h5", model), model.weights):
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(loaded), expected)
    assert len(tested.system.summary.epoch_values("test", "ce")) == 1
