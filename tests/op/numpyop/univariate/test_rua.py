import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop import LambdaOp, Sometimes
from kerasfe.op.numpyop.state import SampleState
from kerasfe.op.numpyop.univariate import RUA, Color
from kerasfe.op.numpyop.univariate.rua import PosterizeImage, SolarizeImage
from tests.op.numpyop.albumentations_reference import RGB


def test_number_of_ops_grows_with_the_level():
    # N = level * (min(len, 5) - 1) / 30 + 1: whole ops always, the fraction as a Sometimes
    assert len(RUA(inputs="x", level=0).ops) == 1
    full = RUA(inputs="x", level=30)
    assert len(full.ops) == 5 and len(full.ops[0].ops) == 14
    half = RUA(inputs="x", choices=["Color", "Rotate", "Identity"], level=15)  # N = 15 * 2 / 30 + 1 = 2
    assert len(half.ops) == 2
    part = RUA(inputs="x", level=18)  # N = 18 * 4 / 30 + 1 = 3.4
    assert len(part.ops) == 4 and isinstance(part.ops[-1], Sometimes) and part.ops[-1].prob == pytest.approx(0.4)


def test_level_sets_each_ops_range():
    color = RUA(inputs="x", choices=["Color"], level=15).ops[0].ops[0]
    np.testing.assert_allclose(color.limit, (-0.45, 0.45))  # FastEstimator's 0.9, at level 15 / 30
    bits = RUA(inputs="x", choices=["Posterize"], level=30).ops[0].ops[0]
    assert isinstance(bits, PosterizeImage) and bits.limit == (1, 8)
    threshold = RUA(inputs="x", choices=["Solarize"], level=15).ops[0].ops[0]
    assert isinstance(threshold, SolarizeImage) and threshold.limit == (0, 128)


def test_choices_negation_and_custom_ops():
    names = {type(op).__name__ for op in RUA(inputs="x", choices=["!Rotate", "!Identity"]).ops[0].ops}
    assert len(names) == 12 and "RotateImage" not in names and "Identity" not in names
    custom = Color(inputs="x", limit=0.2)
    assert RUA(inputs="x", choices=["defaults", custom]).ops[0].ops[-1] is custom
    for choices, message in [(["defaults", "Rotate"], "already among"), (["!Rotate", "Color"], "negated"),
                             (["Flip"], "unknown"), ([], "empty")]:
        with pytest.raises(ConfigError, match=message):
            RUA(inputs="x", choices=choices)
    with pytest.raises(ConfigError, match="set_rua_level"):
        RUA(inputs="x", choices=[LambdaOp(fn=lambda x: x, inputs="x", outputs="x")])
    with pytest.raises(ConfigError, match="level"):
        RUA(inputs="x", level=31)


def test_rua_runs_seeded_per_sample():
    op = RUA(inputs="x", outputs="x", level=24)
    first, again, other = ({"x": RGB.copy()} for _ in range(3))
    op.apply(first, SampleState("train", index=2))
    op.apply(again, SampleState("train", index=2))
    op.apply(other, SampleState("train", index=3))
    np.testing.assert_array_equal(first["x"], again["x"])
    assert first["x"].shape == RGB.shape and not np.array_equal(first["x"], other["x"])
    assert op.should_run("train") and RUA(inputs="x", mode="train").should_run("eval") is False


def test_solarize_and_posterize_by_hand():
    image = np.array([[10, 100, 250]], "uint8")
    assert SolarizeImage(inputs="x", threshold=(156, 156)).forward(image, SampleState("train")).tolist() == \
        [[10, 155, 5]]  # pixels >= 256 - 156 = 100 are inverted
    assert PosterizeImage(inputs="x", num_bits=2).forward(image, SampleState("train")).tolist() == [[0, 64, 192]]
