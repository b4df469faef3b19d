"""Helpers of the apphub tests: run an app the way the `kerasfe` command does, and write tiny data sets."""
import pathlib

import numpy as np
from PIL import Image

from kerasfe.cli.app import run_app

APPHUB = pathlib.Path(__file__).parents[2] / "apphub"


def train(app, **arguments):
    """`kerasfe train apphub/<app> --name value ...` in this process; returns the trained estimator."""
    tokens = [token for name, value in arguments.items() for token in (f"--{name}", str(value))]
    return run_app("train", APPHUB / app, tokens)


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
