import inspect

import albumentations as A
import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop.state import SampleState
from kerasfe.op.numpyop.univariate import AlbumentationOp, ImageOnlyAlbumentation, RandomGamma
from tests.op.numpyop.albumentations_reference import RGB, reference


def test_several_inputs_share_one_draw_like_albumentations_additional_targets():
    op = ImageOnlyAlbumentation(A.RandomBrightnessContrast(p=1.0), inputs=["a", "b"], outputs=["c", "d"])
    other = RGB[::-1].copy()
    first, second = op.forward([RGB, other], SampleState("train", index=5))
    transform = A.Compose([A.RandomBrightnessContrast(p=1.0)], additional_targets={"image_1": "image"})
    expected = reference(transform, 5, image=RGB, image_1=other)
    np.testing.assert_array_equal(first, expected["image"])
    np.testing.assert_array_equal(second, expected["image_1"])


def test_table_ops_have_fastestimators_signature_and_refuse_unknown_parameters():
    signature = "(inputs, outputs=None, mode=None, ds_id=None, *, gamma_limit=(80, 120))"
    assert str(inspect.signature(RandomGamma)) == signature
    assert RandomGamma(inputs="x").params == {"gamma_limit": (80, 120)}
    with pytest.raises(ConfigError, match=r"RandomGamma: unknown parameter\(s\) \['gamma'\]"):
        RandomGamma(inputs="x", gamma=1)

    class Renamed(AlbumentationOp):
        albumentation = A.RandomGamma
        defaults = {"low": 50, "high": 60}

        def albumentation_args(self, low, high):
            return {"gamma_limit": (low, high)}

    assert Renamed(inputs="x").runner.transform.gamma_limit == (50, 60)
