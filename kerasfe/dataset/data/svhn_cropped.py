"""SVHN cropped digits (format 2): 73257 train and 26032 test 32x32 colour digits from Street View house numbers."""
import os

import numpy as np
from scipy.io import loadmat

from kerasfe.dataset.data.data_files import data_folder, download
from kerasfe.dataset.numpy_dataset import NumpyDataset
from kerasfe.errors import DataError

SVHN = "http://ufldl.stanford.edu/housenumbers/"


def read_mat(path):
    """(images uint8 (N, 32, 32, 3), labels (N, 1) with the digit 0 as 0) of one SVHN `*_32x32.mat` file, which
    holds `X` (32, 32, 3, N) and `y` (N, 1) with 10 standing for the digit 0.

    Example:
        >>> import tempfile
        >>> from scipy.io import savemat
        >>> path = os.path.join(tempfile.mkdtemp(), "test_32x32.mat")
        >>> savemat(path, {"X": np.zeros((32, 32, 3, 2), "uint8"), "y": np.array([[10], [3]], "uint8")})
        >>> images, labels = read_mat(path)
        >>> images.shape, labels.ravel().tolist()
        ((2, 32, 32, 3), [0, 3])
    """
    mat = loadmat(path)
    if "X" not in mat or "y" not in mat:
        raise DataError(f"svhn_cropped.load_data: '{path}' has no 'X' and 'y' arrays (it has "
                        f"{sorted(key for key in mat if not key.startswith('__'))}); is it an SVHN format-2 file?")
    # a new array, never an in-place write: loadmat's arrays can share memory with Python's cached bytes objects
    # (a one-sample file's label 10 is the byte b"\n" every module uses)
    labels = np.where(mat["y"] == 10, 0, mat["y"])
    return np.transpose(mat["X"], (3, 0, 1, 2)), labels


def load_data(root_dir=None):
    """Returns (train, test) NumpyDatasets {"x": uint8 (32, 32, 3) image, "y": (1,) digit 0-9}, as FastEstimator's
    `svhn_cropped.load_data` (the files mark the digit 0 as 10; it is 0 here, as in FastEstimator).

    `train_32x32.mat` and `test_32x32.mat` are downloaded once from http://ufldl.stanford.edu/housenumbers/ into
    `<root_dir>/SVHN_Cropped` (default `~/.keras/datasets/SVHN_Cropped`); without network, a DataError says where
    to put them. For whole house-number photos with digit boxes, see `kerasfe.dataset.data.svhn`.

    Example:
        >>> import tempfile
        >>> from scipy.io import savemat
        >>> root = tempfile.mkdtemp(); os.makedirs(os.path.join(root, "SVHN_Cropped"))
        >>> for part, count in (("train", 3), ("test", 1)):
        ...     savemat(os.path.join(root, "SVHN_Cropped", f"{part}_32x32.mat"),
        ...             {"X": np.zeros((32, 32, 3, count), "uint8"), "y": np.full((count, 1), 10, "uint8")})
        >>> train, test = load_data(root)
        >>> len(train), train[0]["x"].shape, test["y"].tolist()
        (3, (32, 32, 3), [[0]])
    """
    folder = data_folder(root_dir, "SVHN_Cropped")
    datasets = []
    for part in ("train", "test"):
        name = f"{part}_32x32.mat"
        images, labels = read_mat(download("svhn_cropped.load_data", SVHN + name, os.path.join(folder, name)))
        datasets.append(NumpyDataset({"x": images, "y": labels}))
    return tuple(datasets)
