import albumentations as A
import cv2
import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop.multivariate import (ElasticTransform, GridDistortion, MaskDropout, OpticalDistortion,
                                             RandomGridShuffle)
from kerasfe.op.numpyop.state import SampleState
from tests.op.numpyop.albumentations_reference import reference

IMAGE = np.random.default_rng(2).integers(0, 256, (16, 16, 3)).astype("uint8")
MASK = np.zeros((16, 16), "uint8")
MASK[2:6, 2:6], MASK[10:14, 9:15] = 1, 2


@pytest.mark.parametrize("op, transform", [
    (ElasticTransform(alpha=20.0, sigma=3.0, image_in="x", mask_in="m"),
     A.ElasticTransform(alpha=20.0, sigma=3.0, border_mode=cv2.BORDER_REFLECT_101, p=1)),
    (ElasticTransform(border_mode=cv2.BORDER_CONSTANT, value=9, mask_value=4, image_in="x", mask_in="m"),
     A.ElasticTransform(alpha=34.0, sigma=4.0, border_mode=cv2.BORDER_CONSTANT, fill=9, fill_mask=4, p=1)),
    (GridDistortion(num_steps=3, distort_limit=0.4, image_in="x", mask_in="m"),
     A.GridDistortion(num_steps=3, distort_limit=0.4, border_mode=cv2.BORDER_REFLECT_101, p=1)),
    (OpticalDistortion(distort_limit=0.5, interpolation=cv2.INTER_NEAREST, image_in="x", mask_in="m"),
     A.OpticalDistortion(distort_limit=0.5, interpolation=cv2.INTER_NEAREST, border_mode=cv2.BORDER_REFLECT_101,
                         p=1)),
    (RandomGridShuffle(grid=(2, 4), image_in="x", mask_in="m"), A.RandomGridShuffle(grid=(2, 4), p=1)),
    (MaskDropout(max_objects=1, image_fill_value=7, image_in="x", mask_in="m"),
     A.MaskDropout(max_objects=1, fill=7, fill_mask=0, p=1)),
], ids=["Elastic", "ElasticConstant", "Grid", "Optical", "GridShuffle", "MaskDropout"])
def test_each_op_warps_image_and_mask_as_albumentations_does(op, transform):
    for index in range(2):
        image, mask = op.forward([IMAGE, MASK], SampleState("train", index=index))
        want = reference(transform, index, image=IMAGE, mask=MASK)
        np.testing.assert_array_equal(image, want["image"])
        np.testing.assert_array_equal(mask, want["mask"])
        assert set(np.unique(mask)) <= {0, 1, 2, 4}  # masks move by nearest neighbours


def test_grid_shuffle_moves_whole_tiles_and_mask_dropout_removes_one_object():
    image, mask = RandomGridShuffle(grid=(2, 2), image_in="x", mask_in="m").forward([IMAGE, MASK],
                                                                                     SampleState("train"))
    tiles = {IMAGE[r:r + 8, c:c + 8].tobytes() for r in (0, 8) for c in (0, 8)}
    assert {image[r:r + 8, c:c + 8].tobytes() for r in (0, 8) for c in (0, 8)} == tiles
    image, mask = MaskDropout(image_in="x", mask_in="m").forward([IMAGE, MASK], SampleState("train"))
    kept = set(np.unique(mask)) - {0}
    assert len(kept) == 1 and not image[(MASK > 0) & (mask == 0)].any()


def test_parameters_albumentations_2_removed_are_refused_when_set():
    with pytest.raises(ConfigError, match="alpha_affine=50"):
        ElasticTransform(alpha_affine=50, image_in="x")
    with pytest.raises(ConfigError, match="shift_limit=0.05"):
        OpticalDistortion(shift_limit=0.05, image_in="x")
