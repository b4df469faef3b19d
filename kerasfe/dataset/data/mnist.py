"""MNIST handwritten digits (60000 train / 10000 eval 28x28 uint8 images)."""
import numpy as np

from kerasfe.dataset.data.download import KERAS_DATASETS, fetch
from kerasfe.dataset.numpy_dataset import NumpyDataset


def load_data(cache_dir=None):
    """Returns (train, eval) NumpyDatasets {"x": uint8 (N, 28, 28), "y": uint8 (N,)}.

    The file is downloaded once into `<cache_dir>/datasets` (default `~/.keras/datasets`); without
    network and without the file, a DataError says where to put it.
    """
    with np.load(fetch("mnist.npz", KERAS_DATASETS + "mnist.npz", cache_dir), allow_pickle=False) as arrays:
        return (NumpyDataset({"x": arrays["x_train"], "y": arrays["y_train"]}),
                NumpyDataset({"x": arrays["x_test"], "y": arrays["y_test"]}))
