"""CIFAR-10: 32x32 RGB images of 10 classes."""
from kerasfe.dataset.data.cifar import load_cifar


def load_data(cache_dir=None):
    """Returns (train, eval) NumpyDatasets {"x": uint8 (N, 32, 32, 3), "y": int64 (N,)}, 50000 / 10000 samples.

    Downloaded once into `<cache_dir>/datasets`; without network, a DataError says where to put the archive.
    """
    return load_cifar("cifar-10-python", [f"data_batch_{i}" for i in range(1, 6)], ["test_batch"], b"labels",
                      cache_dir)
