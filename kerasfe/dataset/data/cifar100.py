"""CIFAR-100: 32x32 RGB images of 100 classes (or 20 coarse ones)."""
from kerasfe.dataset.data.cifar import load_cifar
from kerasfe.errors import ConfigError


def load_data(cache_dir=None, label_mode="fine"):
    """Returns (train, eval) NumpyDatasets {"x": uint8 (N, 32, 32, 3), "y": int64 (N,)}, 50000 / 10000 samples.

    `label_mode`: "fine" (100 classes) or "coarse" (20). Downloaded once into `<cache_dir>/datasets`.
    """
    if label_mode not in ("fine", "coarse"):
        raise ConfigError(f"cifar100.load_data: label_mode must be 'fine' or 'coarse'; got {label_mode!r}")
    return load_cifar("cifar-100-python", ["train"], ["test"], f"{label_mode}_labels".encode(), cache_dir)
