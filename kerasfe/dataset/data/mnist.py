"""MNIST handwritten digits (60000 train / 10000 eval 28x28 uint8 images)."""
import numpy as np

from kerasfe.dataset.data.download import KERAS_DATASETS, fetch
from kerasfe.dataset.numpy_dataset import NumpyDataset


def load_data(image_key="x", label_key="y", cache_dir=None):
    """Returns (train, eval) NumpyDatasets {image_key: uint8 (N, 28, 28), label_key: uint8 (N,)}.

    The file is downloaded once into `<cache_dir>/datasets` (default `~/.keras/datasets`); without
    network and without the file, a DataError says where to put it.
    """
    with np.load(fetch("mnist.npz", KERAS_DATASETS + "mnist.npz", cache_dir), allow_pickle=False) as arrays:
        return (NumpyDataset({image_key: arrays["x_train"], label_key: arrays["y_train"]}),
                NumpyDataset({image_key: arrays["x_test"], label_key: arrays["y_test"]}))
