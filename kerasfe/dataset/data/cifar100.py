"""CIFAR-100: 32x32 RGB images of 100 classes (or 20 coarse ones)."""
from kerasfe.dataset.data.cifar import download_root, load_cifar
from kerasfe.errors import ConfigError


def load_data(root_dir=None, image_key="x", label_key="y", label_mode="fine", channels_last=True, cache_dir=None):
    """Returns (train, eval) NumpyDatasets {image_key: uint8 (N, 32, 32, 3), label_key: int64 (N,)}, 50000 / 10000
    samples (images (N, 3, 32, 32) unless `channels_last`).

    `label_mode`: "fine" (100 classes) or "coarse" (20). Downloaded once into `<root_dir>/datasets` (`cache_dir` is
    kerasfe's name for `root_dir`).
    """
    if label_mode not in ("fine", "coarse"):
        raise ConfigError(f"cifar100.load_data: label_mode must be 'fine' or 'coarse'; got {label_mode!r}")
    return load_cifar("cifar-100-python", ["train"], ["test"], f"{label_mode}_labels".encode(),
                      download_root("cifar100.load_data", root_dir, cache_dir), image_key, label_key, channels_last)
