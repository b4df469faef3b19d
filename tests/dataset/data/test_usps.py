import gzip

import numpy as np
import pytest
from PIL import Image

from kerasfe.dataset.data import usps
from kerasfe.errors import DataError


def write_usps(path, images, labels):
    """A zip.*.gz file as published: per digit a line "label v1 ... v256", grey values in [-1, 1]."""
    with gzip.open(path, "wt") as file:
        for image, label in zip(images, labels):
            file.write(f"{label} " + " ".join(f"{value:.4f}" for value in image.ravel()) + "\n")


def test_usps_writes_each_digit_as_a_png_in_its_class_folder(tmp_path):
    folder = tmp_path / "USPS"
    folder.mkdir()
    rng = np.random.default_rng(0)
    images = {"train": np.round(rng.uniform(-1, 1, (4, 16, 16)), 4), "test": np.round(rng.uniform(-1, 1, (2, 16, 16)), 4)}
    labels = {"train": [3, 0, 3, 9], "test": [7, 1]}
    for mode in images:
        write_usps(folder / f"zip.{mode}.gz", images[mode], labels[mode])
    train, test = usps.load_data(root_dir=str(tmp_path))
    for data, mode in ((train, "train"), (test, "test")):
        assert len(data) == len(labels[mode])
        for sample in data:
            name = str(sample["x"])
            index = int(name.rsplit("_", 1)[1][:-4])
            assert name == str(folder / mode / str(labels[mode][index]) / f"{mode}_{index}.png")
            assert int(sample["y"]) == labels[mode][index]  # the digit itself, whichever digits the file holds
            image = images[mode][index].astype("float32")  # as read from the file
            expected = ((image - image.min()) / (image.max() - image.min()) * 255).astype("uint8")
            np.testing.assert_array_equal(np.array(Image.open(name)), expected)
    (folder / "zip.train.gz").unlink()  # written once: later calls read the folders
    assert len(usps.load_data(root_dir=str(tmp_path))[0]) == 4


def test_usps_refuses_a_file_that_is_not_257_numbers_per_digit(tmp_path):
    (tmp_path / "USPS").mkdir()
    with gzip.open(tmp_path / "USPS" / "zip.train.gz", "wt") as file:
        file.write("3 0.5 0.5\n")
    with pytest.raises(DataError, match=r"zip.train.gz' holds 3 numbers, not a multiple of 257"):
        usps.load_data(root_dir=str(tmp_path))
    assert not (tmp_path / "USPS" / "train").exists()


def test_usps_offline_is_a_clear_error(tmp_path, no_network):
    with pytest.raises(DataError, match=rf"folder '{tmp_path}/USPS' as 'zip.train.gz'"):
        usps.load_data(root_dir=str(tmp_path))
    assert no_network == [usps.GOOGLE_DRIVE + usps.FILE_IDS["train"]]
