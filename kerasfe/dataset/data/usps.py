"""USPS handwritten digits: 7291 train and 2007 test 16x16 grey images scanned from US Postal Service envelopes."""
import gzip
import os
import shutil
import tempfile

import numpy as np
from PIL import Image

from kerasfe.dataset.data.data_files import GOOGLE_DRIVE, data_folder, download
from kerasfe.dataset.dir_dataset import LabeledDirDataset
from kerasfe.errors import DataError

DIGITS = {str(digit): digit for digit in range(10)}  # the folder of each digit (all ten are in both files)
FILE_IDS = {"train": "1NlaCnlhV-PA_Rek8w8eQqJUeYCZJ0olG", "test": "1lagM-V1nmAdS3Uz9Uk4bB9cKqE_agt59"}


def read_digits(path):
    """(images float32 (N, 16, 16), labels int (N,)) of a gzipped USPS file (`zip.train.gz`, `zip.test.gz` of
    "The Elements of Statistical Learning"): per digit its label and then its 256 grey values in [-1, 1], all
    separated by white space.

    Example:
        >>> import tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "zip.test.gz")
        >>> with gzip.open(path, "wt") as file:
        ...     _ = file.write("3 " + " ".join(["-1"] * 255) + " 1\\n")
        >>> images, labels = read_digits(path)
        >>> images.shape, labels.tolist(), float(images[0, 15, 15])
        ((1, 16, 16), [3], 1.0)
    """
    with gzip.open(path, "rb") as file:
        values = file.read().split()
    if not values or len(values) % 257:
        raise DataError(f"usps.load_data: '{path}' holds {len(values)} numbers, not a multiple of 257 (a label and "
                        f"16x16 pixels per digit); is it a USPS zip.*.gz file?")
    data = np.asarray(values, "float32").reshape(-1, 257)
    return data[:, 1:].reshape(-1, 16, 16), data[:, 0].astype(int)


def write_images(images, labels, folder, mode):
    """Writes each image as `<folder>/<label>/<mode>_<index>.png`, its grey values stretched to 0-255 (per image,
    as FastEstimator). The images go to a temporary folder renamed to `folder` at the end, so an interrupted
    call leaves no partial `folder`.

    Example:
        >>> import tempfile
        >>> folder = os.path.join(tempfile.mkdtemp(), "test")
        >>> write_images(np.array([[[-1.0, 1.0]]]), np.array([7]), folder, "test")
        >>> os.listdir(os.path.join(folder, "7")), np.array(Image.open(os.path.join(folder, "7", "test_0.png")))
        (['test_0.png'], array([[  0, 255]], dtype=uint8))
    """
    temp = tempfile.mkdtemp(prefix=".tmp-", dir=os.path.dirname(folder))
    try:
        for index, (image, label) in enumerate(zip(images, labels)):
            os.makedirs(os.path.join(temp, str(label)), exist_ok=True)
            image = (image - image.min()) / max(image.max() - image.min(), 1e-8) * 255
            Image.fromarray(image.astype(np.uint8)).save(os.path.join(temp, str(label), f"{mode}_{index}.png"))
        os.rename(temp, folder)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def load_data(root_dir=None):
    """Returns (train, test) LabeledDirDatasets {"x": .png path, "y": int64 digit 0-9}, as FastEstimator's
    `usps.load_data` (its classes are the digit folders in sorted order, which is the digit).

    `zip.train.gz` and `zip.test.gz` are downloaded once from Google Drive into `<root_dir>/USPS` (default
    `~/.keras/datasets/USPS`) and written out as `train/<digit>/train_<index>.png` and `test/<digit>/...` there
    (16x16 grey, each image stretched to 0-255); without network, a DataError says where to put them.

    Example:
        >>> root = tempfile.mkdtemp(); os.makedirs(os.path.join(root, "USPS"))
        >>> for mode, label in (("train", 4), ("test", 9)):
        ...     with gzip.open(os.path.join(root, "USPS", f"zip.{mode}.gz"), "wt") as file:
        ...         _ = file.write(f"{label} " + " ".join(["0.5"] * 256) + "\\n")
        >>> train, test = load_data(root)
        >>> os.path.relpath(str(train[0]["x"]), root), int(train[0]["y"]), int(test[0]["y"])
        ('USPS/train/4/train_0.png', 4, 9)
    """
    folder = data_folder(root_dir, "USPS")
    datasets = []
    for mode in ("train", "test"):
        images_folder = os.path.join(folder, mode)
        if not os.path.exists(images_folder):
            images, labels = read_digits(download("usps.load_data", GOOGLE_DRIVE + FILE_IDS[mode],
                                                  os.path.join(folder, f"zip.{mode}.gz")))
            write_images(images, labels, images_folder, mode)
        datasets.append(LabeledDirDataset(images_folder, label_mapping=DIGITS, file_extension=".png"))
    return tuple(datasets)
