import albumentations as A
import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop.state import SampleState
from kerasfe.op.numpyop.univariate import FDA, HistogramMatching, PixelDistributionAdaptation
from tests.op.numpyop.albumentations_reference import RGB, reference

REFERENCES = [np.full((16, 16, 3), 40, "uint8"), np.random.default_rng(5).integers(0, 90, (16, 16, 3)).astype("uint8")]


@pytest.mark.parametrize("op, transform", [
    (FDA("x", "x", REFERENCES, beta_limit=0.2), A.FDA(beta_limit=(0, 0.2), p=1)),
    (HistogramMatching("x", "x", REFERENCES), A.HistogramMatching(blend_ratio=(0.5, 1.0), p=1)),
    (PixelDistributionAdaptation("x", "x", REFERENCES, transform_type="standard"),
     A.PixelDistributionAdaptation(blend_ratio=(0.25, 1.0), transform_type="standard", p=1)),
], ids=["FDA", "HistogramMatching", "PixelDistributionAdaptation"])
def test_each_op_adapts_to_the_reference_it_draws(op, transform):
    for index in range(3):
        state = SampleState("train", index=index)
        out = op.forward(RGB, state)
        # the op draws the reference first, then albumentations draws from the rest of the same stream
        state = SampleState("train", index=index)
        chosen = REFERENCES[int(state["rng"].integers(len(REFERENCES)))]
        transform.set_random_state(state["rng"], state["py_random"])
        expected = transform(image=RGB, **{transform.metadata_key: [chosen]})["image"]
        np.testing.assert_array_equal(out, expected)
        assert out.mean() < RGB.mean()  # towards the darker references


def test_read_fn_reads_the_references():
    paths = {"dark": REFERENCES[0]}
    op = HistogramMatching("x", "x", ["dark"], blend_ratio=(1.0, 1.0), read_fn=paths.__getitem__)
    out = op.forward(RGB, SampleState("train"))
    expected = reference(A.HistogramMatching(blend_ratio=(1.0, 1.0), p=1), 0, image=RGB,
                         hm_metadata=[REFERENCES[0]])["image"]
    np.testing.assert_array_equal(out, expected)


def test_reference_images_are_required():
    with pytest.raises(ConfigError, match="reference_images"):
        FDA(inputs="x", outputs="x")


def test_signature_keeps_reference_images_third_as_in_fastestimator():
    import inspect
    assert list(inspect.signature(FDA).parameters) == ["inputs", "outputs", "reference_images", "mode", "ds_id",
                                                       "read_fn", "beta_limit"]


def test_reference_images_stay_out_of_restore_snapshots():
    op = FDA("x", "x", REFERENCES)
    assert "reference_images" not in op.get_state() and "params" not in op.get_state()
