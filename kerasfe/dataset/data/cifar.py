"""CIFAR-10 and CIFAR-100 (50000 train / 10000 eval 32x32 RGB uint8 images)."""
import os
import pickle

import numpy as np

from kerasfe.dataset.data.download import fetch
from kerasfe.dataset.numpy_dataset import NumpyDataset

_ORIGIN = "https://www.cs.toronto.edu/~kriz/"


def read_batch(path, label_key):
    """{"x": uint8 (N, 32, 32, 3), "y": int64 (N,)} from one pickled CIFAR batch file."""
    with open(path, "rb") as file:
        content = pickle.load(file, encoding="bytes")
    images = np.asarray(content[b"data"], "uint8").reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    return {"x": np.ascontiguousarray(images), "y": np.asarray(content[label_key], "int64")}


def load_cifar(name, train_files, eval_files, label_key, cache_dir):
    """The (train, eval) NumpyDatasets of a CIFAR archive, downloaded once into `<cache_dir>/datasets`."""
    folder = fetch(f"{name}-target", f"{_ORIGIN}{name}.tar.gz", cache_dir, extract=True)
    root = os.path.join(folder, "cifar-10-batches-py" if name.startswith("cifar-10-") else "cifar-100-python")
    parts = []
    for files in (train_files, eval_files):
        batches = [read_batch(os.path.join(root, file), label_key) for file in files]
        parts.append(NumpyDataset({key: np.concatenate([b[key] for b in batches]) for key in ("x", "y")}))
    return tuple(parts)
