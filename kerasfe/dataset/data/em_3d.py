"""Electron microscopy 3D platelet volumes (bio3d-vision): 800x800 slices with 7-class semantic labels."""
import os

import numpy as np
from PIL import Image, ImageSequence

from kerasfe.dataset.data.data_files import GOOGLE_DRIVE, data_folder, download, unpack
from kerasfe.dataset.numpy_dataset import NumpyDataset

COLOR_MAPPING = {0: [0, 0, 0, 0], 1: [0, 40, 255, 255], 2: [0, 212, 255, 255], 3: [124, 255, 121, 255],
                 4: [127, 0, 0, 255], 5: [255, 70, 0, 255], 6: [255, 229, 0, 255]}


def read_tiff(path):
    """The pages of a multi-page TIFF file as one array (pages, height, width[, channels]).

    Example:
        >>> import tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "a.tif")
        >>> pages = [Image.fromarray(np.full((2, 3), value, "uint8")) for value in (1, 2)]
        >>> pages[0].save(path, save_all=True, append_images=pages[1:])
        >>> read_tiff(path)[:, 0, 0].tolist()
        [1, 2]
    """
    with Image.open(path) as image:
        return np.stack([np.array(page) for page in ImageSequence.Iterator(image)])


def generate_tiles(volume, tile_size=256, overlap=128):
    """The (tile_size x tile_size) crops of a (depth, height, width) volume, `tile_size - overlap` apart, as
    FastEstimator's: a crop is kept only if it ends strictly inside the volume (one that ends exactly on the
    border is dropped).

    Example:
        >>> generate_tiles(np.zeros((2, 5, 6)), tile_size=2, overlap=0).shape
        (4, 2, 2, 2)
    """
    stride = tile_size - overlap
    _, height, width = volume.shape
    return np.array([volume[:, i:i + tile_size, j:j + tile_size] for i in range(0, height, stride)
                     for j in range(0, width, stride) if i + tile_size < height and j + tile_size < width])


def get_encode_label(label_data):
    """Class indices (..., ) from RGBA label colours (..., 4) by COLOR_MAPPING (unknown colours: 0).

    Example:
        >>> get_encode_label(np.array([[[0, 40, 255, 255], [255, 229, 0, 255], [9, 9, 9, 9]]])).tolist()
        [[1, 6, 0]]
    """
    packed = np.ascontiguousarray(label_data, "uint8").view("<u4")[..., 0]  # one uint32 per RGBA pixel
    encoded = np.zeros(packed.shape, np.uint8)
    for index, color in COLOR_MAPPING.items():
        encoded[packed == np.array(color, "uint8").view("<u4")[0]] = index
    return encoded


def _one_hot(labels):
    """float32 one-hot of classes 1..6 (the background, 0, has no channel)."""
    return (labels[..., None] == np.arange(1, 7, dtype=labels.dtype)).astype(np.float32)


def load_data(root_dir=None, image_key="image", label_key="label", tile=True):
    """Returns (train, eval) NumpyDatasets {image_key: volumes (N, H, W, depth), label_key: float32 one-hot
    (N, H, W, depth, 6)}, as FastEstimator's `em_3d.load_data`. Channel c of the label is class c + 1: cell,
    mitochondria, alpha granule, canalicular vessel, dense granule body, dense granule core (background has none).

    With `tile`, the 50-slice training volume is cut into the slices 0-24, 13-37 and 26-50 and each into
    256x256 tiles 128 apart (those ending strictly inside the image), and the 24-slice volume likewise, giving
    (N, 256, 256, 24) tiles; without, each volume is one sample (1, 800, 800, depth).

    `images_and_labels_rgba.zip` is downloaded once from Google Drive into `<root_dir>/electronmicroscopy`
    (default `~/.keras/datasets/electronmicroscopy`) and extracted there (`platelet-em/images/{50,24}-images.tif`,
    `platelet-em/labels-semantic/{50,24}-semantic.tif`, RGBA labels); without network, a DataError says where to
    put it. See https://bio3d-vision.github.io/platelet-description.

    Example:
        >>> import os, tempfile
        >>> root = tempfile.mkdtemp(); em = os.path.join(root, "electronmicroscopy", "platelet-em")
        >>> for folder, kind in (("images", "images"), ("labels-semantic", "semantic")):
        ...     os.makedirs(os.path.join(em, folder))
        ...     for depth in (50, 24):
        ...         mode, shape = ("L", (4, 4)) if kind == "images" else ("RGBA", (4, 4, 4))
        ...         pages = [Image.fromarray(np.zeros(shape, "uint8"), mode) for _ in range(depth)]
        ...         path = os.path.join(em, folder, f"{depth}-{kind}.tif")
        ...         pages[0].save(path, save_all=True, append_images=pages[1:])
        >>> train, evaluation = load_data(root_dir=root, tile=False)
        >>> train["image"].shape, evaluation["label"].shape
        ((1, 4, 4, 50), (1, 4, 4, 24, 6))
    """
    folder = data_folder(root_dir, "electronmicroscopy")
    em = os.path.join(folder, "platelet-em")
    files = {(split, kind): os.path.join(em, sub, f"{depth}-{name}.tif")
             for split, depth in (("train", 50), ("eval", 24)) for kind, sub, name in (("image", "images", "images"), ("label", "labels-semantic", "semantic"))}
    if not all(os.path.exists(path) for path in files.values()):
        unpack(download("em_3d.load_data", GOOGLE_DRIVE + "1OMVY1bkfssYdH11xuFdxv7nhqEjzCY7L",
                        os.path.join(folder, "images_and_labels_rgba.zip")), folder)
    volumes = {key: read_tiff(path) for key, path in files.items()}
    labels = {split: get_encode_label(volumes[(split, "label")]) for split in ("train", "eval")}
    if not tile:
        return tuple(NumpyDataset({image_key: np.moveaxis(volumes[(split, "image")], 0, -1)[None],
                                   label_key: _one_hot(np.moveaxis(labels[split], 0, -1)[None])})
                     for split in ("train", "eval"))
    chunks = {"train": [slice(0, 24), slice(13, 37), slice(26, 50)], "eval": [slice(None)]}
    datasets = []
    for split in ("train", "eval"):
        images = np.concatenate([generate_tiles(volumes[(split, "image")][chunk]) for chunk in chunks[split]])
        tiles = np.concatenate([generate_tiles(labels[split][chunk]) for chunk in chunks[split]])
        datasets.append(NumpyDataset({image_key: np.moveaxis(images, 1, -1),
                                      label_key: _one_hot(np.moveaxis(tiles, 1, -1))}))
    return tuple(datasets)
