"""ciFAIR-100: CIFAR-100 with the test images that duplicate training images replaced (Barz & Denzler, 2019)."""
from kerasfe.dataset.data.cifair10 import load_cifair


def load_data(root_dir=None, image_key="x", label_key="y", label_mode="fine"):
    """Returns (train, test) NumpyDatasets {image_key: uint8 (N, 32, 32, 3), label_key: uint8 (N,)}, 50000 /
    10000 samples, with the 100 fine or the 20 coarse labels (`label_mode`), as FastEstimator's
    `cifair100.load_data`.

    `ciFAIR100.zip` is downloaded once from Google Drive into `<root_dir>/ciFAIR100` (default
    `~/.keras/datasets/ciFAIR100`) and extracted there to `ciFAIR-100/` (`train`, `test`); without network, a
    DataError says where to put the zip. See https://cvjena.github.io/cifair/.

    Example:
        >>> import os, pickle, tempfile
        >>> import numpy as np
        >>> root = tempfile.mkdtemp(); os.makedirs(os.path.join(root, "ciFAIR100", "ciFAIR-100"))
        >>> for name in ("train", "test"):
        ...     batch = {b"data": np.zeros((1, 3072), "uint8"), b"fine_labels": [54], b"coarse_labels": [2]}
        ...     pickle.dump(batch, open(os.path.join(root, "ciFAIR100", "ciFAIR-100", name), "wb"))
        >>> train, test = load_data(root_dir=root, label_mode="coarse")
        >>> train["y"].tolist(), test["x"].shape
        ([2], (1, 32, 32, 3))
    """
    return load_cifair("cifair100.load_data", "ciFAIR100", "1ZE_wf5UTd9fJqBgikb7MJtfFEeAfXybS", ["train"],
                       ["test"], f"{label_mode}_labels", root_dir, image_key, label_key)
