"""Pixel-level image augmentations from albumentations, under FastEstimator's names and parameters.

Each op takes `inputs`, `outputs` (default: the inputs), `mode`, `ds_id` and its transform's parameters;
several inputs get the same random draw. Where albumentations 2.x renamed a parameter, the op keeps
FastEstimator's (albumentations 1.x) name and maps it, as its docstring says.
"""
from kerasfe.errors import ConfigError
from kerasfe.op.numpyop.albumentation import albumentations as A
from kerasfe.op.numpyop.univariate.univariate import AlbumentationOp

_COMPRESSIONS = {0: "jpeg", 1: "webp", "jpeg": "jpeg", "webp": "webp"}


class CLAHE(AlbumentationOp):
    """Contrast Limited Adaptive Histogram Equalization (uint8 images), per tile of `tile_grid_size`.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> image = np.tile(np.arange(100, 116, dtype="uint8"), (16, 1))
        >>> out = CLAHE(inputs="x", tile_grid_size=(2, 2)).forward(image, SampleState("train"))
        >>> int(np.ptp(out)) > int(np.ptp(image))  # the contrast is stretched
        True
    """

    albumentation = A.CLAHE
    defaults = {"clip_limit": 4.0, "tile_grid_size": (8, 8)}


class ChannelDropout(AlbumentationOp):
    """Sets a random number (in `channel_drop_range`) of channels to `fill_value` (2.x: `fill`).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> out = ChannelDropout(inputs="x", fill_value=9).forward(np.ones((2, 2, 3), "uint8"), SampleState("train"))
        >>> sorted(np.unique(out[0, 0]).tolist())
        [1, 9]
    """

    albumentation = A.ChannelDropout
    defaults = {"channel_drop_range": (1, 1), "fill_value": 0}

    renames = {"fill_value": "fill"}


class ChannelShuffle(AlbumentationOp):
    """Permutes the channels randomly.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> out = ChannelShuffle(inputs="x").forward(np.array([[[1, 2, 3]]], "uint8"), SampleState("train"))
        >>> sorted(out[0, 0].tolist())
        [1, 2, 3]
    """

    albumentation = A.ChannelShuffle


class Defocus(AlbumentationOp):
    """Defocus blur: a disc kernel of a random `radius`, softened by a Gaussian of sigma in `alias_blur`.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> Defocus(inputs="x", radius=3).forward(np.full((8, 8, 3), 50, "uint8"), SampleState("train")).shape
        (8, 8, 3)
    """

    albumentation = A.Defocus
    defaults = {"radius": (3, 10), "alias_blur": (0.1, 0.5)}


class Downscale(AlbumentationOp):
    """Lowers the quality: downscales by a factor in [scale_min, scale_max], then upscales back.

    albumentations 2.x takes `scale_range` and an `interpolation_pair`; FastEstimator's `interpolation` (an OpenCV
    flag, default nearest) is used both ways.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> image = np.arange(16, dtype="uint8").reshape(4, 4)
        >>> Downscale(inputs="x", scale_min=0.5, scale_max=0.5).forward(image, SampleState("train")).tolist()
        [[0, 0, 2, 2], [0, 0, 2, 2], [8, 8, 10, 10], [8, 8, 10, 10]]
    """

    albumentation = A.Downscale
    defaults = {"scale_min": 0.25, "scale_max": 0.25, "interpolation": 0}

    ranges = {"scale_range": ("scale_min", "scale_max")}

    def albumentation_args(self, interpolation, **params):
        return {"interpolation_pair": {"downscale": interpolation, "upscale": interpolation},
                **super().albumentation_args(**params)}


class Equalize(AlbumentationOp):
    """Equalizes the histogram (uint8): `eq_mode` "cv" (OpenCV) or "pil", per channel (`by_channels`) or on
    luminance, only where `mask` (an array, or a function of the `mask_params` targets) is set.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> Equalize(inputs="x").forward(np.array([[10, 10, 20, 30]], "uint8"), SampleState("train")).tolist()
        [[0, 0, 128, 255]]
    """

    albumentation = A.Equalize
    defaults = {"eq_mode": "cv", "by_channels": True, "mask": None, "mask_params": ()}

    renames = {"eq_mode": "mode"}


class FromFloat(AlbumentationOp):
    """Turns a float image in [0, 1] into `dtype` ("uint8", "uint16", "uint32"), times `max_value` (default: the
    dtype's maximum).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> FromFloat(inputs="x", dtype="uint8").forward(np.array([[0.0, 0.5, 1.0]], "float32"),
        ...                                              SampleState("train")).tolist()
        [[0, 128, 255]]
    """

    albumentation = A.FromFloat
    defaults = {"max_value": None, "dtype": "uint16"}

    def albumentation_args(self, max_value, dtype):
        return {"max_value": max_value, "dtype": str(dtype)}


class GaussianBlur(AlbumentationOp):
    """Gaussian blur with an odd kernel size in `blur_limit` (0: from sigma) and a sigma in `sigma_limit`.

    A sigma of 0 (FastEstimator's default) meant OpenCV's sigma for the kernel size (0.3 * ((k - 1) / 2 - 1) + 0.8);
    albumentations 2.x needs a positive sigma, so 0 becomes that sigma for the smallest and largest kernel sizes.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> image = np.zeros((5, 5), "float32"); image[2, 2] = 16.0
        >>> out = GaussianBlur(inputs="x", blur_limit=3).forward(image, SampleState("train"))
        >>> bool(out[2, 2] < 16), bool(out[2, 1] == out[1, 2] > 0)  # spread out, symmetrically
        (True, True)
    """

    albumentation = A.GaussianBlur
    defaults = {"blur_limit": 3, "sigma_limit": 0.0}

    def albumentation_args(self, blur_limit, sigma_limit):
        if not sigma_limit:
            sizes = blur_limit if isinstance(blur_limit, (tuple, list)) else (blur_limit, blur_limit)
            sigma_limit = tuple(0.3 * ((size - 1) * 0.5 - 1) + 0.8 for size in sizes)
        return {"blur_limit": blur_limit, "sigma_limit": sigma_limit}


class HueSaturationValue(AlbumentationOp):
    """Shifts hue, saturation and value by random amounts in their limits (a number `a` means (-a, a)).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = HueSaturationValue(inputs="x", hue_shift_limit=0, sat_shift_limit=0, val_shift_limit=(10, 10))
        >>> op.forward(np.full((1, 1, 3), 100, "uint8"), SampleState("train")).tolist()
        [[[110, 110, 110]]]
    """

    albumentation = A.HueSaturationValue
    defaults = {"hue_shift_limit": 20, "sat_shift_limit": 30, "val_shift_limit": 20}


class ISONoise(AlbumentationOp):
    """Camera sensor noise (RGB uint8): hue shifts in `color_shift`, luminance noise of `intensity`.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> out = ISONoise(inputs="x").forward(np.full((8, 8, 3), (200, 90, 40), "uint8"), SampleState("train"))
        >>> out.dtype.name, out.shape
        ('uint8', (8, 8, 3))
    """

    albumentation = A.ISONoise
    defaults = {"color_shift": (0.01, 0.05), "intensity": (0.1, 0.5)}


class ImageCompression(AlbumentationOp):
    """JPEG / WebP compression artefacts at a quality in [quality_lower, quality_upper] (2.x: `quality_range`).

    `compression_type`: "jpeg" or "webp" (or albumentations 1.x's enum values 0 and 1).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = ImageCompression(inputs="x", quality_lower=10, quality_upper=10)
        >>> op.forward(np.full((8, 8, 3), 77, "uint8"), SampleState("train")).shape
        (8, 8, 3)
    """

    albumentation = A.ImageCompression
    defaults = {"quality_lower": 99, "quality_upper": 100, "compression_type": "jpeg"}

    ranges = {"quality_range": ("quality_lower", "quality_upper")}

    def albumentation_args(self, compression_type, **params):
        kind = _COMPRESSIONS.get(getattr(compression_type, "value", compression_type))
        if kind is None:
            raise ConfigError(f"ImageCompression: compression_type must be 'jpeg' or 'webp'; got {compression_type!r}")
        return {"compression_type": kind, **super().albumentation_args(**params)}


class InvertImg(AlbumentationOp):
    """Inverts the image: max - value (255 for uint8, 1.0 for floats).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> InvertImg(inputs="x").forward(np.array([[0.25, 1.0]], "float32"), SampleState("train")).tolist()
        [[0.75, 0.0]]
    """

    albumentation = A.InvertImg


class MedianBlur(AlbumentationOp):
    """Median filter with an odd kernel size in `blur_limit` (a number `n` means (3, n)).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> image = np.zeros((5, 5), "uint8"); image[2, 2] = 200  # salt noise
        >>> int(MedianBlur(inputs="x", blur_limit=3).forward(image, SampleState("train")).max())
        0
    """

    albumentation = A.MedianBlur
    defaults = {"blur_limit": 5}


class MotionBlur(AlbumentationOp):
    """Motion blur along a random line, kernel size in `blur_limit` (a number `n` means (3, n)).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> image = np.zeros((7, 7), "float32"); image[3, 3] = 1.0
        >>> round(float(MotionBlur(inputs="x").forward(image, SampleState("train")).sum()), 3)
        1.0
    """

    albumentation = A.MotionBlur
    defaults = {"blur_limit": 7}


class MultiplicativeNoise(AlbumentationOp):
    """Multiplies by a random factor in `multiplier`: one, one per channel, or one per element.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = MultiplicativeNoise(inputs="x", multiplier=(2.0, 2.0))
        >>> out = op.forward(np.array([[[0.1, 0.2, 0.3]]], "float32"), SampleState("train"))
        >>> np.round(out.astype(float), 2).tolist()
        [[[0.2, 0.4, 0.6]]]
    """

    albumentation = A.MultiplicativeNoise
    defaults = {"multiplier": (0.9, 1.1), "per_channel": False, "elementwise": False}


class Posterize(AlbumentationOp):
    """Keeps the `num_bits` high bits of each channel (uint8): a number, a (low, high) range, or one per channel.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = Posterize(inputs="x", num_bits=2)
        >>> op.forward(np.array([[255, 100, 63]], "uint8"), SampleState("train")).tolist()
        [[192, 64, 0]]
    """

    albumentation = A.Posterize
    defaults = {"num_bits": 4}


class RGBShift(AlbumentationOp):
    """Adds a random shift to each of the R, G and B channels (a number `a` means (-a, a)).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = RGBShift(inputs="x", r_shift_limit=(5, 5), g_shift_limit=0, b_shift_limit=(-5, -5))
        >>> op.forward(np.full((1, 1, 3), 100, "uint8"), SampleState("train")).tolist()
        [[[105, 100, 95]]]
    """

    albumentation = A.RGBShift
    defaults = {"r_shift_limit": 20, "g_shift_limit": 20, "b_shift_limit": 20}


class RandomBrightnessContrast(AlbumentationOp):
    """Random brightness (added, a fraction of the max value or, without `brightness_by_max`, of the mean) and
    contrast (factor 1 + c) changes; a number `a` means (-a, a).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = RandomBrightnessContrast(inputs="x", brightness_limit=(0.5, 0.5), contrast_limit=0.0)
        >>> np.round(op.forward(np.array([[0.1, 0.2]], "float32"), SampleState("train")).astype(float), 2).tolist()
        [[0.6, 0.7]]
    """

    albumentation = A.RandomBrightnessContrast
    defaults = {"brightness_limit": 0.2, "contrast_limit": 0.2, "brightness_by_max": True}


class RandomGamma(AlbumentationOp):
    """Gamma correction with gamma = g / 100, g drawn from `gamma_limit`.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = RandomGamma(inputs="x", gamma_limit=(200, 200))
        >>> op.forward(np.array([[0.5, 1.0]], "float32"), SampleState("train")).tolist()
        [[0.25, 1.0]]
    """

    albumentation = A.RandomGamma
    defaults = {"gamma_limit": (80, 120)}


class ToSepia(AlbumentationOp):
    """Applies a sepia tone (RGB images).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> ToSepia(inputs="x").forward(np.full((1, 1, 3), 100, "uint8"), SampleState("train")).tolist()
        [[[135, 120, 94]]]
    """

    albumentation = A.ToSepia


class ZoomBlur(AlbumentationOp):
    """Zoom blur: the mean of the image zoomed by factors from 1 up to a `max_factor`, in steps of `step_factor`.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> ZoomBlur(inputs="x").forward(np.full((8, 8, 3), 0.5, "float32"), SampleState("train")).shape
        (8, 8, 3)
    """

    albumentation = A.ZoomBlur
    defaults = {"max_factor": (1, 1.31), "step_factor": (0.01, 0.03)}
