import albumentations as A
import cv2
import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop.multivariate import (BBoxSafeRandomCrop, Crop, CropAndPad, CropNonEmptyMaskIfExists,
                                             LongestMaxSize, RandomCropFromBorders, RandomCropNearBBox, RandomScale,
                                             RandomSizedBBoxSafeCrop, RandomSizedCrop, SmallestMaxSize)
from kerasfe.op.numpyop.state import SampleState
from tests.op.numpyop.albumentations_reference import reference

IMAGE = np.random.default_rng(1).integers(0, 256, (12, 16, 3)).astype("uint8")
MASK = np.zeros((12, 16), "uint8")
MASK[8:11, 2:5] = 1
BOXES = np.array([[2, 3, 7, 9, 1], [9, 1, 14, 6, 2]], "float32")  # pascal_voc + a label column
POINTS = np.array([[4.0, 5.0], [12.0, 2.0]], "float32")
KEYS = dict(image_in="x", mask_in="m", bbox_in="b", keypoints_in="k")


def run(op, index=3):
    return op.forward([IMAGE, MASK, BOXES, POINTS], SampleState("train", index=index))


def expected(transform, index=3):
    compose = A.Compose([transform], bbox_params=A.BboxParams(format="pascal_voc"),
                        keypoint_params=A.KeypointParams(format="xy", remove_invisible=False))
    out = reference(compose, index, image=IMAGE, mask=MASK, bboxes=BOXES, keypoints=POINTS)
    return [out["image"], out["mask"], np.asarray(out["bboxes"], "float32"), np.asarray(out["keypoints"], "float32")]


CASES = [
    (Crop(x_min=1, y_min=2, x_max=11, y_max=10, **KEYS), A.Crop(x_min=1, y_min=2, x_max=11, y_max=10)),
    (CropAndPad(px=(-2, 3), **KEYS), A.CropAndPad(px=(-2, 3), keep_size=True)),
    (CropAndPad(percent=0.2, pad_mode="reflect", keep_size=False, interpolation="bicubic", **KEYS),
     A.CropAndPad(percent=0.2, border_mode=cv2.BORDER_REFLECT_101, keep_size=False, interpolation=cv2.INTER_CUBIC)),
    (CropNonEmptyMaskIfExists(5, 6, **KEYS), A.CropNonEmptyMaskIfExists(height=5, width=6)),
    (BBoxSafeRandomCrop(erosion_rate=0.2, **KEYS), A.BBoxSafeRandomCrop(erosion_rate=0.2)),
    (RandomSizedBBoxSafeCrop(8, 8, **KEYS), A.RandomSizedBBoxSafeCrop(height=8, width=8)),
    (RandomCropFromBorders(crop_left=0.3, crop_top=0.4, **KEYS),
     A.RandomCropFromBorders(crop_left=0.3, crop_right=0.1, crop_top=0.4, crop_bottom=0.1)),
    (RandomSizedCrop((6, 10), 8, 8, w2h_ratio=1.5, **KEYS),
     A.RandomSizedCrop(min_max_height=(6, 10), size=(8, 8), w2h_ratio=1.5)),
    (RandomScale(scale_limit=0.5, **KEYS), A.RandomScale(scale_limit=0.5, p=1)),
    (LongestMaxSize(max_size=8, interpolation=cv2.INTER_AREA, **KEYS),
     A.LongestMaxSize(max_size=8, interpolation=cv2.INTER_AREA)),
    (SmallestMaxSize(max_size=6, **KEYS), A.SmallestMaxSize(max_size=6)),
]


@pytest.mark.parametrize("op, transform", CASES, ids=[f"{case[0].describe()}-{i}" for i, case in enumerate(CASES)])
def test_each_op_moves_image_mask_boxes_and_keypoints_as_albumentations_does(op, transform):
    for got, want in zip(run(op), expected(transform)):
        np.testing.assert_allclose(got, want, atol=1e-4)


def test_crop_values_and_batch_form():
    op = Crop(x_min=1, y_min=2, x_max=11, y_max=10, **KEYS)
    image, mask, boxes, points = run(op)
    np.testing.assert_array_equal(image, IMAGE[2:10, 1:11])
    np.testing.assert_array_equal(mask, MASK[2:10, 1:11])
    np.testing.assert_allclose(points, POINTS - [1, 2])
    np.testing.assert_allclose(boxes, [[1, 1, 6, 7, 1], [8, 0, 10, 4, 2]])  # the second box is clipped
    pair = Crop(x_min=1, y_min=2, x_max=11, y_max=10, image_in="x", mask_in="m")
    assert pair.has_batch_form() and not op.has_batch_form()
    np.testing.assert_array_equal(pair.forward_batch([IMAGE[None], MASK[None]], SampleState("train"))[0],
                                  IMAGE[None, 2:10, 1:11])


def test_bbox_safe_crops_keep_every_box_and_mask_crop_keeps_the_object():
    for index in range(4):
        _, _, boxes, _ = run(BBoxSafeRandomCrop(**KEYS), index)
        assert len(boxes) == 2 and boxes[:, 4].tolist() == [1, 2]
        _, mask, _, _ = run(CropNonEmptyMaskIfExists(4, 4, **KEYS), index)
        assert mask.shape == (4, 4) and mask.sum() > 0


def test_crop_near_bbox_reads_its_box_from_the_sample():
    op = RandomCropNearBBox(cropping_bbox_in="roi", max_part_shift=0.0, image_in="x", mask_in="m")
    sample = {"x": IMAGE, "m": MASK, "roi": np.array([2, 8, 5, 11])}
    op.apply(sample, SampleState("train"))
    np.testing.assert_array_equal(sample["x"], IMAGE[8:11, 2:5])
    assert sample["m"].all() and op.inputs == ["x", "m", "roi"] and op.outputs == ["x", "m"]
    assert not op.has_batch_form()
    with pytest.raises(ConfigError, match="erosion_rate"):
        BBoxSafeRandomCrop(erosion_rate=1.5, image_in="x")
    with pytest.raises(ConfigError, match="border mode"):
        CropAndPad(px=1, pad_mode="wrap", image_in="x")
