import albumentations as A
import cv2
import numpy as np
import pytest
from scipy.ndimage import convolve1d

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop.state import SampleState
from kerasfe.op.numpyop.univariate import (CLAHE, ChannelDropout, ChannelShuffle, Defocus, Downscale, Equalize,
                                           FromFloat, GaussianBlur, HueSaturationValue, ImageCompression, InvertImg,
                                           ISONoise, MedianBlur, MotionBlur, MultiplicativeNoise, Posterize,
                                           RandomBrightnessContrast, RandomGamma, RGBShift, ToSepia, ZoomBlur)
from tests.op.numpyop.albumentations_reference import RGB, assert_matches

FLOAT = (RGB / 255.0).astype("float32")

# (op, the albumentations 2.x transform with FastEstimator's parameters mapped, input image)
CASES = [
    (CLAHE(inputs="x", clip_limit=2.0, tile_grid_size=(4, 4)), A.CLAHE(clip_limit=2.0, tile_grid_size=(4, 4), p=1),
     RGB),
    (ChannelDropout(inputs="x", channel_drop_range=(1, 2), fill_value=7),
     A.ChannelDropout(channel_drop_range=(1, 2), fill=7, p=1), RGB),
    (ChannelShuffle(inputs="x"), A.ChannelShuffle(p=1), RGB),
    (Defocus(inputs="x", radius=(3, 5), alias_blur=0.2), A.Defocus(radius=(3, 5), alias_blur=0.2, p=1), RGB),
    (Downscale(inputs="x", scale_min=0.3, scale_max=0.6, interpolation=cv2.INTER_LINEAR),
     A.Downscale(scale_range=(0.3, 0.6), interpolation_pair={"downscale": 1, "upscale": 1}, p=1), RGB),
    (Equalize(inputs="x", eq_mode="pil", by_channels=False), A.Equalize(mode="pil", by_channels=False, p=1), RGB),
    (FromFloat(inputs="x"), A.FromFloat(dtype="uint16", p=1), FLOAT),
    (GaussianBlur(inputs="x", blur_limit=(3, 5), sigma_limit=(0.5, 1.5)),
     A.GaussianBlur(blur_limit=(3, 5), sigma_limit=(0.5, 1.5), p=1), RGB),
    (GaussianBlur(inputs="x", blur_limit=5), A.GaussianBlur(blur_limit=5, sigma_limit=(1.1, 1.1), p=1), RGB),
    (HueSaturationValue(inputs="x"), A.HueSaturationValue(hue_shift_limit=20, sat_shift_limit=30,
                                                          val_shift_limit=20, p=1), RGB),
    (ISONoise(inputs="x", color_shift=(0.1, 0.2)), A.ISONoise(color_shift=(0.1, 0.2), intensity=(0.1, 0.5), p=1), RGB),
    (ImageCompression(inputs="x", quality_lower=20, quality_upper=40, compression_type=1),
     A.ImageCompression(quality_range=(20, 40), compression_type="webp", p=1), RGB),
    (InvertImg(inputs="x"), A.InvertImg(p=1), RGB),
    (MedianBlur(inputs="x"), A.MedianBlur(blur_limit=5, p=1), RGB),
    (MotionBlur(inputs="x", blur_limit=5), A.MotionBlur(blur_limit=5, p=1), RGB),
    (MultiplicativeNoise(inputs="x", per_channel=True, elementwise=True),
     A.MultiplicativeNoise(multiplier=(0.9, 1.1), per_channel=True, elementwise=True, p=1), RGB),
    (Posterize(inputs="x", num_bits=(2, 5)), A.Posterize(num_bits=(2, 5), p=1), RGB),
    (RGBShift(inputs="x", r_shift_limit=10), A.RGBShift(r_shift_limit=10, g_shift_limit=20, b_shift_limit=20, p=1),
     RGB),
    (RandomBrightnessContrast(inputs="x", brightness_by_max=False),
     A.RandomBrightnessContrast(brightness_limit=0.2, contrast_limit=0.2, brightness_by_max=False, p=1), RGB),
    (RandomGamma(inputs="x", gamma_limit=(50, 150)), A.RandomGamma(gamma_limit=(50, 150), p=1), RGB),
    (ToSepia(inputs="x"), A.ToSepia(p=1), RGB),
    (ZoomBlur(inputs="x", max_factor=1.2), A.ZoomBlur(max_factor=1.2, step_factor=(0.01, 0.03), p=1), FLOAT),
]


@pytest.mark.parametrize("op, transform, image", CASES, ids=[f"{case[0].describe()}-{i}" for i, case in
                                                            enumerate(CASES)])
def test_each_op_is_its_albumentations_transform_with_fastestimators_parameters(op, transform, image):
    assert_matches(op, transform, image)


def test_random_ops_differ_per_sample_and_share_one_draw_across_inputs():
    op = RandomGamma(inputs=["a", "b"], outputs=["c", "d"])
    first, second = op.forward([RGB, RGB], SampleState("train", index=1))
    np.testing.assert_array_equal(first, second)
    other = op.forward([RGB, RGB], SampleState("train", index=2))[0]
    assert not np.array_equal(first, other)


def test_fastestimator_values_of_renamed_parameters():
    # FromFloat: FastEstimator's default dtype is uint16
    assert FromFloat(inputs="x").forward(np.array([[1.0]], "float32"), SampleState("train")).tolist() == [[65535]]
    # Downscale by exactly 0.5 with nearest neighbours keeps every other pixel, twice
    image = np.arange(16, dtype="uint8").reshape(4, 4)
    out = Downscale(inputs="x", scale_min=0.5, scale_max=0.5).forward(image, SampleState("train"))
    np.testing.assert_array_equal(out, np.repeat(np.repeat(image[::2, ::2], 2, 0), 2, 1))
    # GaussianBlur's sigma 0 is OpenCV's sigma for the kernel size (3 -> 0.8): a sampled Gaussian of that sigma
    blurred = GaussianBlur(inputs="x", blur_limit=(3, 3)).forward(FLOAT, SampleState("train"))
    kernel = np.exp(-np.arange(-1, 2) ** 2 / (2 * 0.8 ** 2))
    expected = convolve1d(convolve1d(FLOAT.astype(float), kernel / kernel.sum(), axis=0), kernel / kernel.sum(), axis=1)
    np.testing.assert_allclose(blurred[1:-1, 1:-1], expected[1:-1, 1:-1], atol=1e-6)
    # InvertImg and Posterize, by hand
    assert InvertImg(inputs="x").forward(np.array([[0, 55]], "uint8"), SampleState("train")).tolist() == [[255, 200]]
    assert Posterize(inputs="x", num_bits=3).forward(np.array([[255, 31]], "uint8"),
                                                     SampleState("train")).tolist() == [[224, 0]]


def test_parameter_errors():
    with pytest.raises(ConfigError, match="compression_type"):
        ImageCompression(inputs="x", compression_type="png")
    with pytest.raises(ConfigError, match="unknown parameter.*'limit'.*clip_limit"):
        CLAHE(inputs="x", limit=2)
