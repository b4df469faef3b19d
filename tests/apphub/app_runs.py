"""Helpers of the apphub tests: run an app the way the `kerasfe` command does, check its logs, and write tiny
data sets."""
import math
import pathlib

import keras
import numpy as np
from PIL import Image

from kerasfe.cli.app import build_estimator, run_app

APPHUB = pathlib.Path(__file__).parents[2] / "apphub"


def train_and_test(app, epochs=2, train_steps=3, eval_steps=2, **arguments):
    """`kerasfe train apphub/<app> --epochs .. --max_train_steps_per_epoch .. --<name> <value>...` in this
    process (it fits, then tests); returns the estimator (its `system.summary` holds every logged value)."""
    tokens = ["--epochs", str(epochs), "--max_train_steps_per_epoch", str(train_steps),
              "--max_eval_steps_per_epoch", str(eval_steps), "--log_steps", "0"]
    for name, value in arguments.items():
        tokens += [f"--{name}", str(value)]
    return run_app("train", APPHUB / app, tokens)


def check_run(estimator, loss, metrics, epochs=2, train_steps=3):
    """Every epoch logged a finite `loss` in train and eval, each metric in eval and in test, and every
    model's optimizer took `epochs * train_steps` steps."""
    summary = estimator.system.summary
    for mode, keys, count in (("train", [loss], epochs), ("eval", [loss, *metrics], epochs),
                              ("test", [loss, *metrics], 1)):
        for key in keys:
            values = summary.epoch_values(mode, key)
            assert len(values) == count and all(math.isfinite(float(v)) for v in values), (mode, key, values)
    for model in estimator.network.models:
        assert int(model.optimizer.iterations) == epochs * train_steps


def weights_of(model):
    return [keras.ops.convert_to_numpy(v).copy() for v in model.trainable_weights]


def changed(before, model):
    """Whether every trainable weight of `model` differs from `before`."""
    return all(not np.array_equal(old, new) for old, new in zip(before, weights_of(model)))


def train(app, **arguments):
    """The estimator `kerasfe train apphub/<app> --name value ...` builds, after `fit()` (the test is left to the
    caller); returns it."""
    tokens = [token for name, value in arguments.items() for token in (f"--{name}", str(value))]
    estimator = build_estimator(APPHUB / app, tokens)
    estimator.fit()
    return estimator


def write_mnist(cache_dir, train_samples=48, eval_samples=16, seed=0):
    """A random mnist.npz (uint8 28x28 images, labels 0-9) where kerasfe.dataset.data.mnist reads it."""
    folder = pathlib.Path(cache_dir) / "datasets"
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    arrays = {f"x_{part}": rng.integers(0, 256, (size, 28, 28), dtype="uint8")
              for part, size in (("train", train_samples), ("test", eval_samples))}
    arrays.update({f"y_{part}": rng.integers(0, 10, size).astype("uint8")
                   for part, size in (("train", train_samples), ("test", eval_samples))})
    np.savez(folder / "mnist.npz", **arrays)


def write_image(path, array):
    """Saves a uint8 array (H, W) or (H, W, 3) as an image file (format from the extension)."""
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(np.asarray(array, "uint8")).save(path)
