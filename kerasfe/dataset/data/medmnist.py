"""MedMNIST v2: 18 standardised biomedical image data sets (12 of 2D 28x28 images, 6 of 3D 28x28x28 volumes)."""
import os

import numpy as np

from kerasfe.dataset.data.data_files import GOOGLE_DRIVE, data_folder, download
from kerasfe.dataset.numpy_dataset import NumpyDataset
from kerasfe.errors import ConfigError

DATASET_IDS = {
    "chestmnist": "1lGZtFjlviRf_vwmxB4NgApjCdfDuh8pk",
    "adrenalmnist3d": "1E__zT_PqXlaiyW3r6Ii98UVVv5-nDZ_q",
    "bloodmnist": "17r9NENUnUoqnWZ-zJaveLU40R746A-ul",
    "breastmnist": "1E3fWybVlOXSIjg_kFSQ-nwOikLgrbsJc",
    "dermamnist": "1k-vw5otV5rCQLVQKyxmo1mhI3KqDbwU5",
    "fracturemnist3d": "104OYiONKAsN2O-VeVGS7ReXZI4GtNsZk",
    "nodulemnist3d": "1krf_Uv-bA5CEt_dCD6h8xJbzZk9ETWLU",
    "octmnist": "1yRhEBDQwHu5jSnrzIm87Cazns3Eesv4b",
    "organamnist": "1yRhEBDQwHu5jSnrzIm87Cazns3Eesv4b",  # FastEstimator's id: the same file as octmnist's
    "organcmnist": "1GqXyaV6arJq0O-3Fn2hvBw77MG9fHeoz",
    "organmnist3d": "1RQiHLj35u3m6GCiBKJFnb9VH76u7yRi0",
    "organsmnist": "1spWIVxKaLvWAxLHGLSr0IJJBSm0MDBB4",
    "pathmnist": "12He-AovBA5ReIg1snhA6Jm2jQCvKKYp7",
    "pneumoniamnist": "1ObI6UzRYZby9YCmk53m1WCXo747wzNqT",
    "retinamnist": "1dugDJx_Z9nvtbD9SidxkVjgvysA93IG7",
    "synapsemnist3d": "1JCBppD-bCYQhjwufJ63OS8XgMaT3sRv5",
    "tissuemnist": "1M5wec6b-iiLPjVs3MrCrAlKCxwjuEL2z",
    "vesselmnist3d": "1orrps7d-SKB4kFPV0jaN3r_jfYpDtGpP",
}


def load_data(dataset_name, root_dir=None, image_key="x", label_key="y"):
    """Returns (train, val, test) NumpyDatasets {image_key: images, label_key: labels (N, 1), or (N, 14) for
    chestmnist's multi-label task} of the MedMNIST set `dataset_name` (a key of DATASET_IDS), as FastEstimator's
    `medmnist.load_data`; the arrays keep the .npz file's dtypes (uint8).

    `<dataset_name>.npz` is downloaded once from Google Drive into `<root_dir>/medmnist` (default
    `~/.keras/datasets/medmnist`); without network, a DataError says where to put it. FastEstimator's Google
    Drive id for "organamnist" is octmnist's, so that name downloads octmnist's file (kept as in FastEstimator;
    put the real `organamnist.npz` from https://zenodo.org/records/10519652 in the folder to use it). See
    https://medmnist.com.

    Example:
        >>> import os, tempfile
        >>> root = tempfile.mkdtemp(); os.makedirs(os.path.join(root, "medmnist"))
        >>> splits = {f"{split}_{kind}": np.zeros((2, 28, 28) if kind == "images" else (2, 1), "uint8")
        ...           for split in ("train", "val", "test") for kind in ("images", "labels")}
        >>> np.savez(os.path.join(root, "medmnist", "bloodmnist.npz"), **splits)
        >>> train, val, test = load_data("bloodmnist", root_dir=root)
        >>> train["x"].shape, test["y"].shape
        ((2, 28, 28), (2, 1))
    """
    if dataset_name not in DATASET_IDS:
        raise ConfigError(f"medmnist.load_data: unknown dataset_name {dataset_name!r}; choose one of "
                          f"{sorted(DATASET_IDS)}")
    folder = data_folder(root_dir, "medmnist")
    path = download("medmnist.load_data", GOOGLE_DRIVE + DATASET_IDS[dataset_name],
                    os.path.join(folder, f"{dataset_name}.npz"))
    with np.load(path) as arrays:
        return tuple(NumpyDataset({image_key: arrays[f"{split}_images"], label_key: arrays[f"{split}_labels"]})
                     for split in ("train", "val", "test"))
