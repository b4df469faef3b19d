"""MS COCO 2017: 118287 train and 5000 val photos with object boxes and masks (80 classes), captions and keypoints."""
import contextlib
import io
import os

import numpy as np

from kerasfe.dataset.data.data_files import data_folder, fetch_unpacked
from kerasfe.dataset.dataset import FEDataset
from kerasfe.dataset.dir_dataset import DirDataset
from kerasfe.errors import ConfigError, DataError

COCO_ZIPS = "http://images.cocodataset.org/"


def read_coco(path):
    """A pycocotools `COCO` index of the annotation JSON file `path` (its progress prints silenced).

    Example:
        >>> import json, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "instances.json")
        >>> _ = open(path, "w").write(json.dumps({"images": [{"id": 7}], "annotations": [], "categories": []}))
        >>> read_coco(path).getImgIds()
        [7]
    """
    try:
        from pycocotools.coco import COCO
    except ModuleNotFoundError:
        raise ConfigError("mscoco: reading COCO annotations needs pycocotools (`pip install pycocotools`)") from None
    if not os.path.exists(path):
        raise DataError(f"mscoco: no annotation file '{path}'; it comes in annotations_trainval2017.zip")
    with contextlib.redirect_stdout(io.StringIO()):
        return COCO(path)


class MSCOCODataset(FEDataset):
    """The photos of `image_dir` (one sample per file, sorted; the file name is the COCO image id) with their
    annotations, as FastEstimator's `mscoco.MSCOCODataset`: {"image": path, "image_id": int} and

    - with `include_bboxes`: "bbox", [(x, y, width, height, category id)] of the objects over `min_bbox_area`;
    - with `include_masks` (needs bboxes): "mask", a uint8 (H, W) mask per such object;
    - with `include_captions`: "caption", the image's captions;
    - with `include_keypoints`: "keypoint", an int32 (17, 3) array (x, y, visibility) per annotated person, and
      "keypoint_bbox", that person's (x, y, width, height).

    With `replacement`, an image lacking one of the asked-for annotations is replaced by a random image of this
    data set that has them all (FastEstimator's behaviour); a DataError says so when no image has them.

    Example:
        >>> import json, tempfile
        >>> root = tempfile.mkdtemp(); os.makedirs(os.path.join(root, "val"))
        >>> for image_id in (1, 2):
        ...     _ = open(os.path.join(root, "val", f"{image_id:012d}.jpg"), "wb").write(b"")
        >>> _ = open(os.path.join(root, "instances.json"), "w").write(json.dumps({
        ...     "images": [{"id": 1, "height": 9, "width": 9}, {"id": 2, "height": 9, "width": 9}],
        ...     "categories": [{"id": 18, "name": "dog"}], "annotations": [
        ...         {"id": 5, "image_id": 2, "bbox": [1, 2, 3, 4], "category_id": 18, "area": 12, "iscrowd": 0}]}))
        >>> data = MSCOCODataset(os.path.join(root, "val"), os.path.join(root, "instances.json"), None, None)
        >>> sample = data[0]  # image 1 has no box: replaced by image 2
        >>> sample["image_id"], sample["bbox"]
        (2, [(1, 2, 3, 4, 18)])
    """

    def __init__(self, image_dir, annotation_file, caption_file, keypoint_file, include_bboxes=True,
                 include_masks=False, include_captions=False, include_keypoints=False, min_bbox_area=1.0,
                 replacement=True):
        if include_masks and not include_bboxes:
            raise ConfigError("MSCOCODataset: include_masks needs include_bboxes=True (the masks are those of the "
                              "objects whose boxes are kept)")
        self.images = DirDataset(image_dir, data_key="image", recursive_search=False)["image"]
        self.image_ids = []
        for path in self.images:
            stem = os.path.splitext(os.path.basename(str(path)))[0]
            if not stem.isdigit():
                raise DataError(f"MSCOCODataset: '{path}' in '{image_dir}' is not named by its COCO image id "
                                "(e.g. 000000000139.jpg)")
            self.image_ids.append(int(stem))
        self.include_bboxes, self.include_masks, self.min_bbox_area = include_bboxes, include_masks, min_bbox_area
        self.replacement = replacement
        self.instances = read_coco(annotation_file) if include_bboxes or include_masks else None
        self.captions = read_coco(caption_file) if include_captions else None
        self.keypoints = read_coco(keypoint_file) if include_keypoints else None
        self._complete = None  # per file: whether it has every asked-for annotation (found on first replacement)

    def _size(self):
        return len(self.images)

    def _sample(self, index):
        sample = self._annotated(index)
        if self.replacement and not self._has_all(sample):
            if self._complete is None:
                self._complete = np.array([self._has_all(self._annotated(row, masks=False))
                                           for row in range(self._size())])
            rows = np.arange(self._size()) if self._rows is None else np.asarray(self._rows)
            rows = rows[self._complete[rows]]
            if not len(rows):
                raise DataError(f"MSCOCODataset: no image of these {len(self)} has every asked-for annotation "
                                f"({', '.join(self._asked())}); use replacement=False to keep images without them")
            sample = self._annotated(int(rows[np.random.randint(len(rows))]))
        return sample

    def _asked(self):
        return [key for key, asked in (("bbox", self.include_bboxes), ("mask", self.include_masks),
                                       ("caption", self.captions), ("keypoint", self.keypoints)) if asked]

    def _has_all(self, sample):
        return all(sample[key] for key in self._asked())

    def _annotated(self, row, masks=True):
        image_id = self.image_ids[row]
        sample = {"image": self.images[row], "image_id": image_id}
        if self.instances is not None:
            objects = [item for item in self.instances.loadAnns(self.instances.getAnnIds(imgIds=image_id))
                       if item["bbox"][2] * item["bbox"][3] > self.min_bbox_area]
            if self.include_bboxes:
                sample["bbox"] = [tuple(item["bbox"] + [item["category_id"]]) for item in objects]
            if self.include_masks:
                sample["mask"] = [self.instances.annToMask(item) if masks else True for item in objects]
        if self.captions is not None:
            sample["caption"] = [item["caption"] for item in
                                 self.captions.loadAnns(self.captions.getAnnIds(imgIds=image_id))]
        if self.keypoints is not None:
            people = [item for item in self.keypoints.loadAnns(self.keypoints.getAnnIds(imgIds=image_id))
                      if item["num_keypoints"] > 0]
            sample["keypoint"] = [np.array(item["keypoints"]).reshape(17, 3).astype("int32") for item in people]
            sample["keypoint_bbox"] = [tuple(item["bbox"]) for item in people]
        return sample


def load_data(root_dir=None, load_bboxes=True, load_masks=False, load_captions=False, load_keypoints=False,
              replacement=True):
    """Returns (train, eval) MSCOCODatasets of COCO 2017's train and val photos, as FastEstimator's
    `mscoco.load_data`: {"image": path, "image_id"} with "bbox" ([x, y, width, height, category id] per object) if
    `load_bboxes`, "mask" if `load_masks`, "caption" if `load_captions`, "keypoint" and "keypoint_bbox" if
    `load_keypoints`; with `replacement`, images lacking one of them are replaced by random ones that have them.

    `train2017.zip`, `val2017.zip` and `annotations_trainval2017.zip` are downloaded once from
    http://images.cocodataset.org into `<root_dir>/MSCOCO2017` (default `~/.keras/datasets/MSCOCO2017`) and
    extracted there (`train2017/`, `val2017/`, `annotations/`); without network, a DataError says where to put
    them. Reading the annotations needs pycocotools.

    Example:
        >>> import json, tempfile
        >>> root = tempfile.mkdtemp(); coco = os.path.join(root, "MSCOCO2017")
        >>> for part in ("train2017", "val2017", "annotations"):
        ...     os.makedirs(os.path.join(coco, part))
        >>> for part in ("train2017", "val2017"):
        ...     _ = open(os.path.join(coco, part, "000000000009.jpg"), "wb").write(b"")
        ...     _ = open(os.path.join(coco, "annotations", f"captions_{part}.json"), "w").write(json.dumps(
        ...         {"images": [{"id": 9}], "annotations": [{"id": 1, "image_id": 9, "caption": "A dog."}]}))
        >>> train, evaluation = load_data(root, load_bboxes=False, load_captions=True)
        >>> evaluation[0]["caption"]
        ['A dog.']
    """
    folder = data_folder(root_dir, "MSCOCO2017")
    parts = {}
    for extracted, archive in (("train2017", "zips/train2017.zip"), ("val2017", "zips/val2017.zip"),
                               ("annotations", "annotations/annotations_trainval2017.zip")):
        parts[extracted] = fetch_unpacked("mscoco.load_data", folder, extracted, os.path.basename(archive),
                                          COCO_ZIPS + archive)
    return tuple(MSCOCODataset(parts[part], *(os.path.join(parts["annotations"], f"{kind}_{part}.json")
                                              for kind in ("instances", "captions", "person_keypoints")),
                               include_bboxes=load_bboxes, include_masks=load_masks, include_captions=load_captions,
                               include_keypoints=load_keypoints, replacement=replacement)
                 for part in ("train2017", "val2017"))
