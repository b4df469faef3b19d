"""Fashion-MNIST clothing images (60000 train / 10000 eval 28x28 uint8 images, 10 classes)."""
import gzip

import numpy as np

from kerasfe.dataset.data.download import KERAS_DATASETS, fetch
from kerasfe.dataset.numpy_dataset import NumpyDataset


def _read(name, cache_dir, offset):
    path = fetch(f"fashion-mnist-{name}", KERAS_DATASETS + name, cache_dir)
    with gzip.open(path, "rb") as file:
        return np.frombuffer(file.read(), np.uint8, offset=offset)


def load_data(cache_dir=None):
    """Returns (train, eval) NumpyDatasets {"x": uint8 (N, 28, 28), "y": uint8 (N,)}.

    The files are downloaded once into `<cache_dir>/datasets`; without network, a DataError says where to put them.
    """
    parts = []
    for prefix in ("train", "t10k"):
        labels = _read(f"{prefix}-labels-idx1-ubyte.gz", cache_dir, offset=8)
        images = _read(f"{prefix}-images-idx3-ubyte.gz", cache_dir, offset=16).reshape(len(labels), 28, 28)
        parts.append(NumpyDataset({"x": images, "y": labels}))
    return tuple(parts)
