"""CIFAR-10: 32x32 RGB images of 10 classes."""
from kerasfe.dataset.data.cifar import download_root, load_cifar


def load_data(root_dir=None, image_key="x", label_key="y", channels_last=True, cache_dir=None):
    """Returns (train, eval) NumpyDatasets {image_key: uint8 (N, 32, 32, 3), label_key: int64 (N,)}, 50000 / 10000
    samples (images (N, 3, 32, 32) unless `channels_last`).

    Downloaded once into `<root_dir>/datasets` (`cache_dir` is kerasfe's name for `root_dir`; default Keras's
    `~/.keras`); without network, a DataError says where to put the archive.
    """
    return load_cifar("cifar-10-python", [f"data_batch_{i}" for i in range(1, 6)], ["test_batch"], b"labels",
                      download_root("cifar10.load_data", root_dir, cache_dir), image_key, label_key, channels_last)
