"""CIFAR-10 and CIFAR-100 (50000 train / 10000 eval 32x32 RGB uint8 images)."""
import os
import pickle

import numpy as np

from kerasfe.dataset.data.download import fetch
from kerasfe.dataset.numpy_dataset import NumpyDataset
from kerasfe.errors import ConfigError

_ORIGIN = "https://www.cs.toronto.edu/~kriz/"


def read_batch(path, label_key):
    """{"x": uint8 (N, 32, 32, 3), "y": int64 (N,)} from one pickled CIFAR batch file."""
    with open(path, "rb") as file:
        content = pickle.load(file, encoding="bytes")
    images = np.asarray(content[b"data"], "uint8").reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    return {"x": np.ascontiguousarray(images), "y": np.asarray(content[label_key], "int64")}


def download_root(loader, root_dir, cache_dir):
    """The folder whose `datasets/` holds the files: FastEstimator's `root_dir` or kerasfe's `cache_dir` (one).

    Example:
        >>> download_root("mnist.load_data", "data", None)
        'data'
    """
    if root_dir is not None and cache_dir is not None and root_dir != cache_dir:
        raise ConfigError(f"{loader}: root_dir ({root_dir!r}) and cache_dir ({cache_dir!r}) name the same folder "
                          "(FastEstimator's and kerasfe's name); pass one of them")
    return cache_dir if root_dir is None else root_dir


def load_cifar(name, train_files, eval_files, label_key, cache_dir, image_key="x", target_key="y",
               channels_last=True):
    """The (train, eval) NumpyDatasets of a CIFAR archive, downloaded once into `<cache_dir>/datasets`, with the
    images under `image_key` ((N, 32, 32, 3), or (N, 3, 32, 32) unless `channels_last`) and labels under
    `target_key`."""
    folder = fetch(f"{name}-target", f"{_ORIGIN}{name}.tar.gz", cache_dir, extract=True)
    root = os.path.join(folder, "cifar-10-batches-py" if name.startswith("cifar-10-") else "cifar-100-python")
    parts = []
    for files in (train_files, eval_files):
        batches = [read_batch(os.path.join(root, file), label_key) for file in files]
        images, labels = (np.concatenate([batch[key] for batch in batches]) for key in ("x", "y"))
        images = images if channels_last else np.ascontiguousarray(images.transpose(0, 3, 1, 2))
        parts.append(NumpyDataset({image_key: images, target_key: labels}))
    return tuple(parts)
