import os
import zipfile

import numpy as np
import pytest
from PIL import Image

from kerasfe.dataset.data import em_3d
from kerasfe.errors import DataError


def write_tiff(path, pages, mode):
    frames = [Image.fromarray(page, mode) for page in pages]
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="tiff_deflate")


def write_em_zip(root, size):
    """`<root>/electronmicroscopy/images_and_labels_rgba.zip` as on Google Drive: multi-page TIFFs of 50 and 24
    grey slices and of their RGBA class colours. Returns {depth: (images, classes)}."""
    source, folder = root / "source" / "platelet-em", root / "electronmicroscopy"
    os.makedirs(source / "images"), os.makedirs(source / "labels-semantic"), os.makedirs(folder)
    rng = np.random.default_rng(0)
    colors = np.array(list(em_3d.COLOR_MAPPING.values()), "uint8")
    written = {}
    for depth in (50, 24):
        images = rng.integers(0, 256, (depth, size, size), dtype="uint8")
        classes = np.zeros((depth, size, size), "int64")
        classes[:, :40, :40] = rng.integers(0, 7, (depth, min(40, size), min(40, size)))
        write_tiff(source / "images" / f"{depth}-images.tif", images, "L")
        write_tiff(source / "labels-semantic" / f"{depth}-semantic.tif", colors[classes], "RGBA")
        written[depth] = images, classes
    with zipfile.ZipFile(folder / "images_and_labels_rgba.zip", "w") as archive:
        for path in source.rglob("*.tif"):
            archive.write(path, os.path.relpath(path, root / "source"))
    return written


def one_hot_without_background(classes):
    return np.eye(7, dtype="float32")[classes][..., 1:]


def test_em_3d_whole_volumes_with_one_hot_labels(tmp_path):
    written = write_em_zip(tmp_path, 6)
    train, evaluation = em_3d.load_data(root_dir=str(tmp_path), tile=False)
    for data, depth in ((train, 50), (evaluation, 24)):
        images, classes = written[depth]
        np.testing.assert_array_equal(data.data["image"], np.moveaxis(images, 0, -1)[None])
        np.testing.assert_array_equal(data.data["label"], one_hot_without_background(np.moveaxis(classes, 0, -1)[None]))
    assert train.data["label"].dtype == np.float32 and evaluation.data["label"].shape == (1, 6, 6, 24, 6)


def test_em_3d_tiles_are_256_crops_of_24_slices(tmp_path):
    written = write_em_zip(tmp_path, 257)  # one 256 tile fits strictly inside, as FastEstimator's tiler asks
    train, evaluation = em_3d.load_data(root_dir=str(tmp_path), image_key="x", label_key="y")
    assert train.data["x"].shape == (3, 256, 256, 24) and evaluation.data["y"].shape == (1, 256, 256, 24, 6)
    np.testing.assert_array_equal(train.data["x"][1], np.moveaxis(written[50][0][13:37, :256, :256], 0, -1))
    np.testing.assert_array_equal(train.data["y"][2, :40, :40], one_hot_without_background(
        np.moveaxis(written[50][1][26:50, :40, :40], 0, -1)))
    np.testing.assert_array_equal(evaluation.data["y"][0, :40, :40], one_hot_without_background(
        np.moveaxis(written[24][1][:, :40, :40], 0, -1)))


def test_offline_error_names_the_zip_and_folder(tmp_path, no_network):
    with pytest.raises(DataError, match=rf"folder '{tmp_path}/electronmicroscopy' as 'images_and_labels_rgba.zip'"):
        em_3d.load_data(root_dir=str(tmp_path))
