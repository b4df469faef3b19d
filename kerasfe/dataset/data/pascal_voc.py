"""PASCAL VOC 2012: photos of 20 object classes with boxes (Annotations/*.xml) and segmentation masks."""
import os

import numpy as np
from defusedxml.ElementTree import parse
from PIL import Image

from kerasfe.dataset.data.data_files import GOOGLE_DRIVE, data_folder, fetch_unpacked
from kerasfe.dataset.dataset import FEDataset
from kerasfe.errors import ConfigError, DataError

VOC_COLORMAP = [[128, 0, 0], [0, 128, 0], [128, 128, 0], [0, 0, 128], [128, 0, 128], [0, 128, 128],
                [128, 128, 128], [64, 0, 0], [192, 0, 0], [64, 128, 0], [192, 128, 0], [64, 0, 128], [192, 0, 128],
                [64, 128, 128], [192, 128, 128], [0, 64, 0], [128, 64, 0], [0, 192, 0], [128, 192, 0], [0, 64, 128]]
VOC_CLASSES = ["aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow", "diningtable",
               "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa", "train", "tvmonitor"]
IMAGE_SETS = ("train", "trainval", "val")


def read_boxes(path):
    """The objects of a VOC annotation XML file as [(x_min, y_min, x_max, y_max, class index)].

    Example:
        >>> import tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "a.xml")
        >>> _ = open(path, "w").write("<annotation><object><name>dog</name><bndbox><xmin>1</xmin><ymin>2</ymin>"
        ...                           "<xmax>30.5</xmax><ymax>40</ymax></bndbox></object></annotation>")
        >>> read_boxes(path)
        [(1, 2, 30, 40, 11)]
    """
    boxes = []
    for item in parse(path).getroot().iter("object"):
        name, box = item.findtext("name", "").strip(), item.find("bndbox")
        if name not in VOC_CLASSES or box is None:
            raise DataError(f"pascal_voc.load_data: an object in '{path}' has class '{name}'"
                            f"{'' if box is not None else ' and no bndbox'}; VOC classes: {VOC_CLASSES}")
        boxes.append((*(int(float(box.findtext(side))) for side in ("xmin", "ymin", "xmax", "ymax")),
                      VOC_CLASSES.index(name)))
    return boxes


def read_mask(path):
    """float32 (height, width, 20) one-hot masks of the 20 classes from a VOC SegmentationClass PNG (a colour per
    class, VOC_COLORMAP; the background and the outline colour are in no channel).

    Example:
        >>> import tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "a.png")
        >>> Image.fromarray(np.array([[[0, 0, 0], [0, 128, 0]]], "uint8")).save(path)
        >>> mask = read_mask(path)
        >>> mask.shape, int(mask[0, 1].argmax()), float(mask[0, 0].sum())
        ((1, 2, 20), 1, 0.0)
    """
    with Image.open(path) as image:
        colors = np.asarray(image.convert("RGB"))
    return np.all(colors[:, :, None, :] == np.array(VOC_COLORMAP, "uint8"), axis=-1).astype(np.float32)


class PascalVoc(FEDataset):
    """The samples {"image": uint8 (H, W, 3) RGB, "bbox": [(x_min, y_min, x_max, y_max, class)] (with
    `include_bboxes`), "mask": float32 (H, W, 20) one-hot (with `include_masks`)} of one image set ("train",
    "trainval" or "val") of a `VOCdevkit/VOC2012` folder, as FastEstimator's `pascal_voc.PascalVoc`.

    The images are those listed in `ImageSets/Segmentation/<image_set>.txt` (with masks) and/or
    `ImageSets/Main/<image_set>.txt` (with boxes), in sorted order (FastEstimator's order is a set's); an image of
    only one list has "bbox" [] or "mask" None.

    Example:
        >>> import tempfile
        >>> root = tempfile.mkdtemp()
        >>> for folder in ("ImageSets/Segmentation", "JPEGImages", "SegmentationClass"):
        ...     os.makedirs(os.path.join(root, folder))
        >>> _ = open(os.path.join(root, "ImageSets/Segmentation/val.txt"), "w").write("2007_000033\\n")
        >>> Image.new("RGB", (4, 3)).save(os.path.join(root, "JPEGImages/2007_000033.jpg"))
        >>> Image.new("RGB", (4, 3), (128, 0, 0)).save(os.path.join(root, "SegmentationClass/2007_000033.png"))
        >>> sample = PascalVoc(root, image_set="val")[0]
        >>> sample["image"].shape, sample["mask"].shape, float(sample["mask"][..., 0].min())
        ((3, 4, 3), (3, 4, 20), 1.0)
    """

    def __init__(self, root_dir, include_bboxes=False, include_masks=True, image_set="train"):
        if image_set not in IMAGE_SETS:
            raise ConfigError(f"PascalVoc: image_set must be one of {list(IMAGE_SETS)}; got '{image_set}'")
        self.root_dir, self.include_bboxes, self.include_masks = root_dir, include_bboxes, include_masks
        self.seg_file_names = self._names("Segmentation", image_set) if include_masks else []
        self.bbox_file_names = self._names("Main", image_set) if include_bboxes else []
        self._with_masks, self._with_boxes = set(self.seg_file_names), set(self.bbox_file_names)
        self.filenames = sorted(self._with_masks | self._with_boxes)

    def _names(self, kind, image_set):
        path = os.path.join(self.root_dir, "ImageSets", kind, f"{image_set}.txt")
        if not os.path.exists(path):
            raise DataError(f"PascalVoc: no image list '{path}'; is '{self.root_dir}' a VOCdevkit/VOC2012 folder?")
        with open(path) as file:
            return [line.strip() for line in file if line.strip()]

    def _size(self):
        return len(self.filenames)

    def _sample(self, index):
        name = self.filenames[index]
        with Image.open(os.path.join(self.root_dir, "JPEGImages", f"{name}.jpg")) as image:
            sample = {"image": np.asarray(image.convert("RGB"))}
        if self.include_bboxes:
            sample["bbox"] = (read_boxes(os.path.join(self.root_dir, "Annotations", f"{name}.xml"))
                              if name in self._with_boxes else [])
        if self.include_masks:
            sample["mask"] = (read_mask(os.path.join(self.root_dir, "SegmentationClass", f"{name}.png"))
                              if name in self._with_masks else None)
        return sample


def load_data(root_dir=None, load_bboxes=False, load_masks=True):
    """Returns (train, eval) PascalVoc data sets of VOC 2012's "train" and "val" image sets, as FastEstimator's
    `pascal_voc.load_data`: {"image"} with "bbox" ([x_min, y_min, x_max, y_max, class] per object) if
    `load_bboxes` and "mask" (float32 (H, W, 20) one-hot) if `load_masks`.

    `VOCtrainval_11-May-2012.tar` is downloaded once from Google Drive into `<root_dir>/PascalVoc` (default
    `~/.keras/datasets/PascalVoc`) and extracted there (`VOCdevkit/VOC2012`); without network, a DataError says
    where to put it.

    Example:
        >>> import tempfile
        >>> root = tempfile.mkdtemp(); voc = os.path.join(root, "PascalVoc", "VOCdevkit", "VOC2012")
        >>> for folder in ("ImageSets/Main", "JPEGImages", "Annotations"):
        ...     os.makedirs(os.path.join(voc, folder))
        >>> for image_set in ("train", "val"):
        ...     _ = open(os.path.join(voc, f"ImageSets/Main/{image_set}.txt"), "w").write(f"{image_set}_1\\n")
        ...     Image.new("RGB", (8, 6)).save(os.path.join(voc, f"JPEGImages/{image_set}_1.jpg"))
        ...     _ = open(os.path.join(voc, f"Annotations/{image_set}_1.xml"), "w").write(
        ...         "<annotation><object><name>cat</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax>"
        ...         "<ymax>4</ymax></bndbox></object></annotation>")
        >>> train, evaluation = load_data(root, load_bboxes=True, load_masks=False)
        >>> sorted(train[0]), evaluation[0]["bbox"]
        (['bbox', 'image'], [(1, 1, 5, 4, 7)])
    """
    folder = data_folder(root_dir, "PascalVoc")
    voc = fetch_unpacked("pascal_voc.load_data", folder, os.path.join("VOCdevkit", "VOC2012"),
                         "VOCtrainval_11-May-2012.tar", GOOGLE_DRIVE + "1jeGqQUNxClNoQgp7HxbRvOvkVWvkQCKl")
    return tuple(PascalVoc(voc, include_bboxes=load_bboxes, include_masks=load_masks, image_set=image_set)
                 for image_set in ("train", "val"))
