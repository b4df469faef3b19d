"""Masks through Affine / Rotate keep their shape, with or without an image (FastEstimator takes mask_in alone)."""
import copy

import albumentations as A
import numpy as np
import pytest

from kerasfe.op.numpyop.multivariate import Affine, Rotate
from kerasfe.op.numpyop.state import SampleState

RNG = np.random.default_rng(0)
MASKS = {"mask_in": [RNG.integers(0, 3, (8, 10)).astype("uint8"), RNG.integers(0, 3, (8, 10, 1)).astype("uint8")],
         "masks_in": [RNG.integers(0, 3, (2, 8, 10)).astype("uint8")]}


@pytest.mark.parametrize("op_class,settings,reference", [
    (Affine, {"rotate": (20, 40), "scale": (0.8, 1.2)},
     A.Affine(rotate=(20, 40), scale=(0.8, 1.2), border_mode=0, fill=0, fill_mask=0, p=1.0)),
    (Rotate, {"limit": 45}, A.Rotate(limit=45, border_mode=0, fill=0, fill_mask=0, p=1.0))])
@pytest.mark.parametrize("target", ["mask_in", "masks_in"])
def test_masks_alone_or_with_an_image_match_albumentations_in_shape_and_value(op_class, settings, reference, target):
    name = target.removesuffix("_in")
    for mask in MASKS[target]:
        state = SampleState("train", seed=3, index=7)
        alone = {"m": mask.copy()}
        op_class(**settings, **{target: "m"}).apply(alone, state)
        state = SampleState("train", seed=3, index=7)
        with_image = {"x": np.zeros((8, 10, 3), "uint8"), "m": mask.copy()}
        op_class(**settings, image_in="x", **{target: "m"}).apply(with_image, state)
        transform = copy.deepcopy(reference)
        state = SampleState("train", seed=3, index=7)
        transform.set_random_state(state["rng"], state["py_random"])
        expected = transform(image=np.zeros((8, 10), "uint8"), **{name: mask.copy()})[name]
        for result in (alone["m"], with_image["m"]):
            assert np.shape(result) == mask.shape
            np.testing.assert_array_equal(np.asarray(result), np.asarray(expected))
