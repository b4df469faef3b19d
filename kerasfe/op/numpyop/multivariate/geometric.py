"""Geometric augmentations that move an image with its masks, boxes and keypoints (albumentations).

Every op takes the keys of `MultiVariateAlbumentation` (`image_in`, `image_out`, `mask_in`, `mask_out`,
`masks_in`, `masks_out`, `bbox_in`, `bbox_out`, `keypoints_in`, `keypoints_out`, `bbox_params`,
`keypoint_params`, `mode`, `ds_id`) as keyword arguments. Flips, pads and crops also run on whole
batches of images and masks (`forward_batch`) when they come last in the op list.
"""
import cv2

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop.albumentation import albumentations as A
from kerasfe.op.numpyop.batch_kernels import crop_batch, pad_batch
from kerasfe.op.numpyop.multivariate.multivariate import MultiVariateAlbumentation


class HorizontalFlip(MultiVariateAlbumentation):
    """Flips left-right.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> sample = {"x": np.array([[1, 2, 3]], "uint8"), "m": np.array([[0, 0, 1]], "uint8")}
        >>> HorizontalFlip(image_in="x", mask_in="m").apply(sample, SampleState("train"))
        >>> sample["x"].tolist(), sample["m"].tolist()
        ([[3, 2, 1]], [[1, 0, 0]])
    """

    def __init__(self, **keys):
        super().__init__(A.HorizontalFlip(p=1.0), **keys)

    def transform_batch(self, batch, params, target):
        return batch[:, :, ::-1]


class VerticalFlip(MultiVariateAlbumentation):
    """Flips upside down.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> VerticalFlip(image_in="x").forward([np.array([[1], [2]], "uint8")], SampleState("train"))[0].tolist()
        [[2], [1]]
    """

    def __init__(self, **keys):
        super().__init__(A.VerticalFlip(p=1.0), **keys)

    def transform_batch(self, batch, params, target):
        return batch[:, ::-1]


class Flip(MultiVariateAlbumentation):
    """Flips left-right, upside down, or both (one of the three, uniformly), as albumentations 1.x's Flip did
    (2.x dropped it; this is its OneOf equivalent).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> image = np.array([[1, 2], [3, 4]], "uint8")
        >>> sorted(Flip(image_in="x").forward([image], SampleState("train", index=i))[0].tolist() for i in range(9))[0]
        [[2, 1], [4, 3]]
    """

    def __init__(self, **keys):
        both = A.Sequential([A.HorizontalFlip(p=1.0), A.VerticalFlip(p=1.0)], p=1.0)
        super().__init__(A.OneOf([A.HorizontalFlip(p=1.0), A.VerticalFlip(p=1.0), both], p=1.0), **keys)


class RandomRotate90(MultiVariateAlbumentation):
    """Rotates by a random multiple of 90 degrees (0, 90, 180 or 270).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> out = RandomRotate90(image_in="x").forward([np.zeros((2, 5), "uint8")], SampleState("train", index=2))[0]
        >>> out.shape in ((2, 5), (5, 2))
        True
    """

    def __init__(self, **keys):
        super().__init__(A.RandomRotate90(p=1.0), **keys)


class Transpose(MultiVariateAlbumentation):
    """Swaps rows and columns (the image's main diagonal stays).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> Transpose(image_in="x").forward([np.array([[1, 2, 3]], "uint8")], SampleState("train"))[0].tolist()
        [[1], [2], [3]]
    """

    def __init__(self, **keys):
        super().__init__(A.Transpose(p=1.0), **keys)

    def transform_batch(self, batch, params, target):
        return batch.swapaxes(1, 2)


class PadIfNeeded(MultiVariateAlbumentation):
    """Pads (centered, with `fill`) to at least min_height x min_width.

    FastEstimator's `border_mode` (an OpenCV flag; kerasfe's default is constant padding, where FastEstimator's
    is `cv2.BORDER_REFLECT_101`), `value` and `mask_value` (albumentations 1.x names of `fill` / `fill_mask`)
    are accepted too. Batches run in one step for constant padding.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = PadIfNeeded(min_height=4, min_width=4, image_in="x")
        >>> out = op.forward([np.ones((2, 2), "uint8")], SampleState("train"))[0]
        >>> tuple(out.shape), int(out.sum()), int(out[1:3, 1:3].sum())
        ((4, 4), 4, 4)
    """

    def __init__(self, min_height=1024, min_width=1024, fill=0, fill_mask=0, border_mode=cv2.BORDER_CONSTANT,
                 value=None, mask_value=None, **keys):
        fill, fill_mask = fill_values(fill, fill_mask, value, mask_value)
        super().__init__(A.PadIfNeeded(min_height=min_height, min_width=min_width, border_mode=border_mode,
                                       fill=fill, fill_mask=fill_mask, p=1.0), **keys)
        self.fill, self.fill_mask, self.border_mode = fill, fill_mask, border_mode

    def has_batch_form(self):
        return self.border_mode == cv2.BORDER_CONSTANT and super().has_batch_form()

    def batch_params(self, shape, state):
        return self.transform.get_params_dependent_on_data({"shape": shape[1:]}, {})

    def transform_batch(self, batch, params, target):
        return pad_batch(batch, params["pad_top"], params["pad_bottom"], params["pad_left"], params["pad_right"],
                         self.fill_mask if target == "mask" else self.fill)


class RandomCrop(MultiVariateAlbumentation):
    """Crops a random height x width window.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> image = np.arange(16, dtype="uint8").reshape(4, 4)
        >>> crop = RandomCrop(2, 2, image_in="x").forward([image], SampleState("train"))[0]
        >>> tuple(crop.shape), int(crop[1, 1] - crop[0, 0])
        ((2, 2), 5)
    """

    def __init__(self, height, width, **keys):
        super().__init__(A.RandomCrop(height=height, width=width, p=1.0), **keys)
        self.height, self.width = height, width

    def batch_params(self, shape, state):
        """Top and left corners per sample, uniform over the windows that fit (as albumentations draws them)."""
        rows, cols = shape[1:3]
        if self.height > rows or self.width > cols:
            raise ValueError(f"the crop size {(self.height, self.width)} exceeds the image size {(rows, cols)}")
        return (state["rng"].integers(0, rows - self.height + 1, size=shape[0]),
                state["rng"].integers(0, cols - self.width + 1, size=shape[0]))

    def transform_batch(self, batch, params, target):
        return crop_batch(batch, params[0], params[1], self.height, self.width)


class CenterCrop(MultiVariateAlbumentation):
    """Crops the central height x width window.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> image = np.arange(16, dtype="uint8").reshape(4, 4)
        >>> CenterCrop(2, 2, image_in="x").forward([image], SampleState("train"))[0].tolist()
        [[5, 6], [9, 10]]
    """

    def __init__(self, height, width, **keys):
        super().__init__(A.CenterCrop(height=height, width=width, p=1.0), **keys)

    def batch_params(self, shape, state):
        return self.transform.get_params_dependent_on_data({"shape": shape[1:]}, {})["crop_coords"]

    def transform_batch(self, batch, params, target):
        x_min, y_min, x_max, y_max = params
        return batch[:, y_min:y_max, x_min:x_max]


class Resize(MultiVariateAlbumentation):
    """Resizes to height x width (`interpolation`: an OpenCV flag, default bilinear; masks use nearest).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> out = Resize(4, 6, image_in="x").forward([np.zeros((2, 3, 3), "uint8")], SampleState("train"))[0]
        >>> tuple(out.shape)
        (4, 6, 3)
    """

    def __init__(self, height, width, interpolation=1, **keys):
        super().__init__(A.Resize(height=height, width=width, interpolation=interpolation, p=1.0), **keys)


class RandomResizedCrop(MultiVariateAlbumentation):
    """Crops a random area (`scale` of the image, aspect `ratio`) and resizes it to height x width.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = RandomResizedCrop(8, 8, image_in="x")
        >>> tuple(op.forward([np.zeros((32, 32, 3), "uint8")], SampleState("train"))[0].shape)
        (8, 8, 3)
    """

    def __init__(self, height, width, scale=(0.08, 1.0), ratio=(0.75, 4 / 3), interpolation=cv2.INTER_LINEAR,
                 **keys):
        super().__init__(A.RandomResizedCrop(size=(height, width), scale=scale, ratio=ratio,
                                             interpolation=interpolation, p=1.0), **keys)


class Rotate(MultiVariateAlbumentation):
    """Rotates by a random angle (degrees) in `limit` (a number `a` means (-a, a)), filling with `fill`.

    `interpolation` and `border_mode` are OpenCV flags (kerasfe's default border is constant, FastEstimator's
    `cv2.BORDER_REFLECT_101`); `value` / `mask_value` are FastEstimator's (albumentations 1.x) names of `fill` /
    `fill_mask`.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> image = np.zeros((3, 3), "uint8"); image[0, 1] = 9
        >>> Rotate(limit=(90, 90), image_in="x").forward([image], SampleState("train"))[0].tolist()
        [[0, 0, 0], [9, 0, 0], [0, 0, 0]]
    """

    def __init__(self, limit=90, fill=0, fill_mask=0, interpolation=cv2.INTER_LINEAR, border_mode=cv2.BORDER_CONSTANT,
                 value=None, mask_value=None, **keys):
        fill, fill_mask = fill_values(fill, fill_mask, value, mask_value)
        super().__init__(A.Rotate(limit=limit, interpolation=interpolation, border_mode=border_mode, fill=fill,
                                  fill_mask=fill_mask, p=1.0), **keys)


class Affine(MultiVariateAlbumentation):
    """A random affine map: scale, translate_percent, rotate (degrees) and shear, each a value or a range.

    FastEstimator's names work too: `translate` (ints: pixels, floats: fractions of the size), `border_handling`
    ("constant" or "reflect"), `fill_value` / `fill_value_mask` (for `fill` / `fill_mask`), `interpolation` and
    `mask_interpolation` ("nearest_neighbor", "bilinear", "bicubic", "biquartic", "biquintic"; the last two map
    to OpenCV's Lanczos, or an OpenCV flag), `fit_output`, `keep_ratio` and `rotate_method`.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = Affine(translate_percent={"x": 0.5, "y": 0.0}, image_in="x", keypoints_in="k")
        >>> image, points = op.forward([np.zeros((4, 4), "uint8"), np.array([[1.0, 1.0]])], SampleState("train"))
        >>> points.tolist()
        [[3.0, 1.0]]
    """

    def __init__(self, rotate=0.0, scale=1.0, shear=0.0, translate=None, border_handling="constant", fill_value=None,
                 fill_value_mask=None, interpolation="bilinear", mask_interpolation="nearest_neighbor",
                 fit_output=False, keep_ratio=False, rotate_method="largest_box", translate_percent=None, fill=0,
                 fill_mask=0, **keys):
        # as in FastEstimator, masks get the image's fill_value unless given their own
        fill, fill_mask = fill_values(fill, fill_mask, fill_value,
                                      fill_value if fill_value_mask is None else fill_value_mask)
        in_pixels = isinstance(translate, int) or (isinstance(translate, (tuple, list)) and
                                                   all(isinstance(value, int) for value in translate))
        super().__init__(A.Affine(scale=1.0 if scale is None else scale, rotate=0.0 if rotate is None else rotate,
                                  shear=0.0 if shear is None else shear,
                                  translate_percent=None if in_pixels else (translate_percent or translate),
                                  translate_px=translate if in_pixels else None,
                                  interpolation=interpolation_flag(interpolation),
                                  mask_interpolation=interpolation_flag(mask_interpolation), fit_output=fit_output,
                                  keep_ratio=keep_ratio, rotate_method=rotate_method,
                                  border_mode=border_flag(border_handling, "Affine"), fill=fill, fill_mask=fill_mask,
                                  p=1.0),
                         **keys)


class ShiftScaleRotate(MultiVariateAlbumentation):
    """Randomly shifts (fraction of the size), scales (1 +- scale_limit) and rotates (degrees), as one affine map.

    albumentations 2.x dropped ShiftScaleRotate; this is its Affine equivalent. `interpolation`, `border_mode`
    (kerasfe's default: constant), `value` and `mask_value` are FastEstimator's names; `value` / `mask_value`
    override `fill` / `fill_mask`.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = ShiftScaleRotate(shift_limit=0.0, scale_limit=0.0, rotate_limit=0, image_in="x")
        >>> op.forward([np.eye(3, dtype="uint8")], SampleState("train"))[0].tolist()
        [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    """

    def __init__(self, shift_limit=0.0625, scale_limit=0.1, rotate_limit=45, fill=0, fill_mask=0,
                 interpolation=cv2.INTER_LINEAR, border_mode=cv2.BORDER_CONSTANT, value=None, mask_value=None, **keys):
        fill, fill_mask = fill_values(fill, fill_mask, value, mask_value)
        super().__init__(A.Affine(scale=_around(1.0, scale_limit), translate_percent=_around(0.0, shift_limit),
                                  rotate=_around(0.0, rotate_limit), interpolation=interpolation,
                                  border_mode=border_mode, fill=fill, fill_mask=fill_mask, p=1.0), **keys)


_INTERPOLATIONS = {"nearest_neighbor": cv2.INTER_NEAREST, "bilinear": cv2.INTER_LINEAR, "bicubic": cv2.INTER_CUBIC,
                   "biquartic": cv2.INTER_LANCZOS4, "biquintic": cv2.INTER_LANCZOS4}


def fill_values(fill, fill_mask, value, mask_value):
    """The (fill, fill_mask) of an op given both albumentations 2.x's names and FastEstimator's (1.x) ones
    (`value`, `mask_value`; None: not given).

    Example:
        >>> fill_values(0, 0, None, None), fill_values(0, 0, 7, None), fill_values(0, 0, 7, 1)
        ((0, 0), (7, 0), (7, 1))
    """
    return (fill if value is None else value), (fill_mask if mask_value is None else mask_value)


def interpolation_flag(name):
    """An OpenCV interpolation flag from FastEstimator's names ("bilinear", ...) or a flag.

    Example:
        >>> interpolation_flag("bicubic") == cv2.INTER_CUBIC, interpolation_flag(cv2.INTER_AREA) == cv2.INTER_AREA
        (True, True)
    """
    if isinstance(name, int):
        return name
    if name not in _INTERPOLATIONS:
        raise ConfigError(f"interpolation must be an OpenCV flag or one of {list(_INTERPOLATIONS)}; got {name!r}")
    return _INTERPOLATIONS[name]


def border_flag(mode, owner):
    """An OpenCV border flag from FastEstimator's names ("constant", "reflect") or a flag.

    Example:
        >>> border_flag("reflect", "CropAndPad") == cv2.BORDER_REFLECT_101, border_flag(0, "CropAndPad")
        (True, 0)
    """
    if isinstance(mode, int):
        return mode
    borders = {"constant": cv2.BORDER_CONSTANT, "reflect": cv2.BORDER_REFLECT_101}
    if mode not in borders:
        raise ConfigError(f"{owner}: the border mode must be an OpenCV flag or one of {list(borders)}; got {mode!r}")
    return borders[mode]


def _around(center, limit):
    """albumentations 1.x's limits: a number `a` is (center - a, center + a), a pair is added to `center`."""
    if isinstance(limit, (tuple, list)):
        return (center + limit[0], center + limit[1])
    return (center - limit, center + limit)
