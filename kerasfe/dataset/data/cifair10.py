"""ciFAIR-10: CIFAR-10 with the test images that duplicate training images replaced (Barz & Denzler, 2019)."""
import os
import pickle

import numpy as np

from kerasfe.dataset.data.data_files import GOOGLE_DRIVE, data_folder, fetch_unpacked
from kerasfe.dataset.numpy_dataset import NumpyDataset


def read_batch(path, label_key="labels"):
    """(uint8 images (N, 32, 32, 3), labels) from one pickled ciFAIR batch file (keys bytes or str).

    Example:
        >>> import pickle, tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "test_batch")
        >>> pickle.dump({b"data": np.zeros((2, 3072), "uint8"), b"labels": [3, 1]}, open(path, "wb"))
        >>> images, labels = read_batch(path)
        >>> images.shape, labels
        ((2, 32, 32, 3), [3, 1])
    """
    with open(path, "rb") as file:
        content = pickle.load(file, encoding="bytes")
    content = {key.decode("utf-8") if isinstance(key, bytes) else key: value for key, value in content.items()}
    images = np.asarray(content["data"], "uint8").reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    return np.ascontiguousarray(images), content[label_key]


def load_cifair(loader, name, file_id, train_files, test_files, label_key, root_dir, image_key, target_key):
    """The (train, test) NumpyDatasets of the ciFAIR archive `name` ({image_key: uint8 (N, 32, 32, 3),
    target_key: uint8 (N,)}), downloaded once from Google Drive into `<root_dir>/<name>`.

    Example:
        >>> import os, pickle, tempfile
        >>> root = tempfile.mkdtemp(); os.makedirs(os.path.join(root, "ciFAIR10", "ciFAIR-10"))
        >>> for name in ("train", "test"):
        ...     batch = {"data": np.zeros((2, 3072), "uint8"), "labels": [7, 2]}
        ...     pickle.dump(batch, open(os.path.join(root, "ciFAIR10", "ciFAIR-10", name), "wb"))
        >>> train, test = load_cifair("x.load_data", "ciFAIR10", "id", ["train"], ["test"], "labels", root, "x", "y")
        >>> train["x"].shape, test["y"].tolist()
        ((2, 32, 32, 3), [7, 2])
    """
    folder = data_folder(root_dir, name)
    extracted = fetch_unpacked(loader, folder, name.replace("ciFAIR", "ciFAIR-"), f"{name}.zip",
                               GOOGLE_DRIVE + file_id)
    parts = []
    for files in (train_files, test_files):
        batches = [read_batch(os.path.join(extracted, file), label_key) for file in files]
        images = np.concatenate([images for images, _ in batches])
        labels = np.concatenate([np.asarray(labels, "uint8") for _, labels in batches])
        parts.append(NumpyDataset({image_key: images, target_key: labels}))
    return tuple(parts)


def load_data(root_dir=None, image_key="x", label_key="y"):
    """Returns (train, test) NumpyDatasets {image_key: uint8 (N, 32, 32, 3), label_key: uint8 (N,)}, 50000 /
    10000 samples, as FastEstimator's `cifair10.load_data`.

    `ciFAIR10.zip` is downloaded once from Google Drive into `<root_dir>/ciFAIR10` (default
    `~/.keras/datasets/ciFAIR10`) and extracted there to `ciFAIR-10/` (`data_batch_1` ... `data_batch_5`,
    `test_batch`); without network, a DataError says where to put the zip. See https://cvjena.github.io/cifair/.

    Example:
        >>> import os, pickle, tempfile
        >>> root = tempfile.mkdtemp(); os.makedirs(os.path.join(root, "ciFAIR10", "ciFAIR-10"))
        >>> for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        ...     batch = {b"data": np.zeros((1, 3072), "uint8"), b"labels": [4]}
        ...     pickle.dump(batch, open(os.path.join(root, "ciFAIR10", "ciFAIR-10", name), "wb"))
        >>> train, test = load_data(root_dir=root)
        >>> len(train), len(test), train["y"].dtype
        (5, 1, dtype('uint8'))
    """
    return load_cifair("cifair10.load_data", "ciFAIR10", "1dqTgqMVvgx_FZNAC7TqzoA0hYX1ttOUq",
                       [f"data_batch_{i}" for i in range(1, 6)], ["test_batch"], "labels", root_dir, image_key,
                       label_key)
