import inspect

import numpy as np
import pytest
from PIL import Image, ImageEnhance, ImageTransform

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop.state import SampleState
from kerasfe.op.numpyop.univariate import AutoContrast, Color, Sharpness, ShearX, ShearY, TranslateX, TranslateY
from tests.op.numpyop.albumentations_reference import RGB


def drawn(low, high, index):
    """The magnitude a Pillow op draws for sample `index`: uniform on its range, from the sample's stream."""
    return SampleState("train", index=index)["rng"].uniform(low, high)


def test_autocontrast_stretches_each_channel_to_the_full_range():
    image = np.stack([np.linspace(50, 150, 16), np.linspace(0, 255, 16), np.linspace(10, 20, 16)], -1)
    image = np.broadcast_to(image.astype("uint8"), (4, 16, 3))
    out = AutoContrast(inputs="x").forward(image, SampleState("train")).astype(float)
    for channel in range(3):
        low, high = image[..., channel].min(), image[..., channel].max()
        expected = (image[..., channel].astype(float) - low) * 255.0 / (high - low)
        np.testing.assert_allclose(out[..., channel], expected, atol=1.0)


@pytest.mark.parametrize("op_class, enhancer", [(Color, ImageEnhance.Color), (Sharpness, ImageEnhance.Sharpness)])
def test_enhance_ops_use_factor_one_plus_the_drawn_magnitude(op_class, enhancer):
    op = op_class(inputs="x", outputs="y", limit=0.5)
    for index in range(3):
        factor = 1.0 + drawn(-0.5, 0.5, index)
        expected = np.array(enhancer(Image.fromarray(RGB)).enhance(factor))
        np.testing.assert_array_equal(op.forward(RGB, SampleState("train", index=index)), expected)


def test_color_at_minus_one_is_gray_and_ops_share_the_draw_across_inputs():
    gray = Color(inputs="x", limit=(-1.0, -1.0)).forward(RGB, SampleState("train"))
    assert np.abs(gray.astype(int) - gray[..., :1]).max() <= 1  # R = G = B up to rounding
    first, second = Sharpness(inputs=["a", "b"]).forward([RGB, RGB], SampleState("train", index=4))
    np.testing.assert_array_equal(first, second)


def test_translate_moves_by_a_fraction_of_the_size():
    image = np.arange(1, 65, dtype="uint8").reshape(8, 8)
    right = TranslateX(inputs="x", shift_limit=(0.25, 0.25)).forward(image, SampleState("train"))
    np.testing.assert_array_equal(right[:, :6], image[:, 2:])  # output(x) = input(x + 2)
    assert not right[:, 6:].any()
    up = TranslateY(inputs="x", shift_limit=(-0.25, -0.25)).forward(image[..., None], SampleState("train"))
    assert up.shape == (8, 8, 1)
    np.testing.assert_array_equal(up[2:, :, 0], image[:6])
    assert not up[:2].any()


@pytest.mark.parametrize("op_class, axis", [(ShearX, 0), (ShearY, 1)])
def test_shear_is_fastestimators_pil_affine(op_class, axis):
    op = op_class(inputs="x", shear_coef=0.4)
    for index in range(3):
        coefficient = drawn(-0.4, 0.4, index)
        image = Image.fromarray(RGB)
        shift = round(abs(coefficient) * 16)
        offset = -shift if coefficient > 0 else 0.0
        canvas = (16 + shift, 16) if axis == 0 else (16, 16 + shift)
        matrix = (1, coefficient, offset, 0, 1, 0) if axis == 0 else (1, 0, 0, coefficient, 1, offset)
        expected = image.transform(canvas, ImageTransform.AffineTransform(matrix), resample=Image.BICUBIC)
        np.testing.assert_array_equal(op.forward(RGB, SampleState("train", index=index)),
                                      np.array(expected.resize((16, 16))))


def test_signatures_and_rua_levels():
    assert str(inspect.signature(ShearX)) == "(inputs, outputs=None, mode=None, ds_id=None, *, shear_coef=0.3)"
    assert list(inspect.signature(AutoContrast).parameters) == ["inputs", "outputs", "mode", "ds_id"]
    op = TranslateX(inputs="x", shift_limit=(0.1, 0.5))
    op.set_rua_level(0.5)
    np.testing.assert_allclose(op.limit, (0.2, 0.4))  # half the width, around the middle
    with pytest.raises(ConfigError, match="unknown parameter.*shear_coef"):
        Color(inputs="x", shear_coef=1.0)
