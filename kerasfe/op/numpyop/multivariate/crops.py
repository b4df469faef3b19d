"""Crops and rescales that move an image with its masks, boxes and keypoints (albumentations).

Every op takes the keys of `MultiVariateAlbumentation` (`image_in`, `mask_in`, `masks_in`, `bbox_in`,
`keypoints_in`, their `_out` keys, `bbox_params`, `keypoint_params`, `mode`, `ds_id`) as keyword arguments.
`interpolation` is an OpenCV flag (default bilinear); masks are always resized with nearest neighbours.
"""
import cv2

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop.albumentation import albumentations as A
from kerasfe.op.numpyop.multivariate.geometric import border_flag, fill_values, interpolation_flag
from kerasfe.op.numpyop.multivariate.multivariate import MultiVariateAlbumentation


class Crop(MultiVariateAlbumentation):
    """Crops the fixed window [y_min:y_max, x_min:x_max] (pixels).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> image = np.arange(16, dtype="uint8").reshape(4, 4)
        >>> Crop(x_min=1, y_min=0, x_max=3, y_max=2, image_in="x").forward([image], SampleState("train"))[0].tolist()
        [[1, 2], [5, 6]]
    """

    def __init__(self, x_min=0, y_min=0, x_max=1024, y_max=1024, **keys):
        super().__init__(A.Crop(x_min=x_min, y_min=y_min, x_max=x_max, y_max=y_max, p=1.0), **keys)
        self.window = (x_min, y_min, x_max, y_max)

    def transform_batch(self, batch, params, target):
        x_min, y_min, x_max, y_max = self.window
        return batch[:, y_min:y_max, x_min:x_max]


class CropAndPad(MultiVariateAlbumentation):
    """Crops (negative values) or pads (positive values) each side by `px` pixels or a `percent` of the size,
    then, with `keep_size`, resizes back to the input size.

    Args:
        px, percent: one value for every side, (low, high) to draw from, or one per side (top, right, bottom,
            left).
        pad_mode: "constant" or "reflect" (or an OpenCV border flag).
        pad_cval, pad_cval_mask: the fill of padded image / mask pixels (the mask's defaults to the image's).
        keep_size: resize back to the input size.
        interpolation: "nearest_neighbor", "bilinear", "bicubic", "biquartic", "biquintic", or an OpenCV flag.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = CropAndPad(px=1, keep_size=False, image_in="x")
        >>> op.forward([np.ones((2, 3), "uint8")], SampleState("train"))[0].tolist()
        [[0, 0, 0, 0, 0], [0, 1, 1, 1, 0], [0, 1, 1, 1, 0], [0, 0, 0, 0, 0]]
    """

    def __init__(self, px=None, percent=None, pad_mode="constant", pad_cval=0, pad_cval_mask=None, keep_size=True,
                 interpolation="bilinear", **keys):
        border = border_flag(pad_mode, "CropAndPad")
        fill, fill_mask = fill_values(0, 0, pad_cval, pad_cval if pad_cval_mask is None else pad_cval_mask)
        super().__init__(A.CropAndPad(px=px, percent=percent, border_mode=border, fill=fill, fill_mask=fill_mask,
                                      keep_size=keep_size, interpolation=interpolation_flag(interpolation), p=1.0),
                         **keys)


class CropNonEmptyMaskIfExists(MultiVariateAlbumentation):
    """Crops a height x width window holding some non-zero mask pixels (those not in `ignore_values`, in the
    channels not in `ignore_channels`), or any window when the mask is empty.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> mask = np.zeros((8, 8), "uint8"); mask[6, 1] = 1
        >>> op = CropNonEmptyMaskIfExists(height=3, width=3, image_in="x", mask_in="m")
        >>> int(op.forward([np.zeros((8, 8), "uint8"), mask], SampleState("train"))[1].sum())
        1
    """

    def __init__(self, height, width, ignore_values=None, ignore_channels=None, **keys):
        super().__init__(A.CropNonEmptyMaskIfExists(height=height, width=width, ignore_values=ignore_values,
                                                    ignore_channels=ignore_channels, p=1.0), **keys)


class BBoxSafeRandomCrop(MultiVariateAlbumentation):
    """Crops a random window that keeps every bounding box (`erosion_rate`: how much of the boxes may be lost,
    in [0, 1]).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = BBoxSafeRandomCrop(image_in="x", bbox_in="b")
        >>> image, boxes = op.forward([np.zeros((9, 9), "uint8"), np.array([[2, 2, 5, 5, 1]])], SampleState("train"))
        >>> len(boxes), float(boxes[0, 2] - boxes[0, 0])
        (1, 3.0)
    """

    def __init__(self, erosion_rate=0.0, **keys):
        super().__init__(A.BBoxSafeRandomCrop(erosion_rate=check_erosion(erosion_rate, "BBoxSafeRandomCrop"), p=1.0),
                         **keys)


class RandomSizedBBoxSafeCrop(MultiVariateAlbumentation):
    """Crops a random window that keeps every bounding box, then resizes it to height x width.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = RandomSizedBBoxSafeCrop(4, 4, image_in="x", bbox_in="b")
        >>> image, boxes = op.forward([np.zeros((9, 9), "uint8"), np.array([[2, 2, 5, 5]])], SampleState("train"))
        >>> image.shape, len(boxes)
        ((4, 4), 1)
    """

    def __init__(self, height, width, erosion_rate=0.0, interpolation=cv2.INTER_LINEAR, **keys):
        super().__init__(A.RandomSizedBBoxSafeCrop(height=height, width=width, interpolation=interpolation,
                                                   erosion_rate=check_erosion(erosion_rate, "RandomSizedBBoxSafeCrop"),
                                                   p=1.0), **keys)


class RandomCropFromBorders(MultiVariateAlbumentation):
    """Crops up to a fraction of the size from each side (each drawn independently).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = RandomCropFromBorders(crop_left=0.5, crop_right=0.0, crop_top=0.0, crop_bottom=0.0, image_in="x")
        >>> rows, cols = op.forward([np.zeros((4, 10), "uint8")], SampleState("train"))[0].shape
        >>> rows, 5 <= cols <= 10
        (4, True)
    """

    def __init__(self, crop_left=0.1, crop_right=0.1, crop_top=0.1, crop_bottom=0.1, **keys):
        super().__init__(A.RandomCropFromBorders(crop_left=crop_left, crop_right=crop_right, crop_top=crop_top,
                                                 crop_bottom=crop_bottom, p=1.0), **keys)


class RandomCropNearBBox(MultiVariateAlbumentation):
    """Crops the box read from `cropping_bbox_in` (pascal_voc: x_min, y_min, x_max, y_max), each side moved by a
    random fraction of the box size up to `max_part_shift` (a number `s` means (0, s)).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = RandomCropNearBBox(cropping_bbox_in="roi", max_part_shift=0.0, image_in="x")
        >>> image = np.arange(64, dtype="uint8").reshape(8, 8)
        >>> op.forward([image, [2, 1, 4, 3]], SampleState("train"))[0].tolist()
        [[10, 11], [18, 19]]
    """

    def __init__(self, cropping_bbox_in, max_part_shift=0.3, **keys):
        super().__init__(A.RandomCropNearBBox(max_part_shift=max_part_shift, p=1.0), **keys)
        self.add_extra_input("cropping_bbox", cropping_bbox_in)


class RandomSizedCrop(MultiVariateAlbumentation):
    """Crops a random window of a height in `min_max_height` and width height * w2h_ratio, then resizes it to
    height x width.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = RandomSizedCrop(min_max_height=(4, 6), height=3, width=5, image_in="x", mask_in="m")
        >>> [out.shape for out in op.forward([np.zeros((8, 8, 3), "uint8"), np.zeros((8, 8))], SampleState("train"))]
        [(3, 5, 3), (3, 5)]
    """

    def __init__(self, min_max_height, height, width, w2h_ratio=1.0, interpolation=cv2.INTER_LINEAR, **keys):
        super().__init__(A.RandomSizedCrop(min_max_height=min_max_height, size=(height, width), w2h_ratio=w2h_ratio,
                                           interpolation=interpolation, p=1.0), **keys)


class RandomScale(MultiVariateAlbumentation):
    """Resizes by a random factor 1 + s, s drawn from `scale_limit` (a number `a` means (-a, a)).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> RandomScale(scale_limit=(1.0, 1.0), image_in="x").forward([np.zeros((3, 5))], SampleState("train"))[0].shape
        (6, 10)
    """

    def __init__(self, scale_limit=0.1, interpolation=cv2.INTER_LINEAR, **keys):
        super().__init__(A.RandomScale(scale_limit=scale_limit, interpolation=interpolation, p=1.0), **keys)


class MaxSizeOp(MultiVariateAlbumentation):
    """Resizes, keeping the aspect ratio, with the albumentations transform `albumentation` (LongestMaxSize or
    SmallestMaxSize) of `max_size`.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> class Longest(MaxSizeOp):
        ...     albumentation = A.LongestMaxSize
        >>> Longest(max_size=4, image_in="x").forward([np.zeros((2, 8))], SampleState("train"))[0].shape
        (1, 4)
    """

    albumentation = None

    def __init__(self, max_size=1024, interpolation=cv2.INTER_LINEAR, **keys):
        super().__init__(self.albumentation(max_size=max_size, interpolation=interpolation, p=1.0), **keys)


class LongestMaxSize(MaxSizeOp):
    """Resizes, keeping the aspect ratio, so that the longer side is `max_size`.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> LongestMaxSize(max_size=8, image_in="x").forward([np.zeros((2, 4))], SampleState("train"))[0].shape
        (4, 8)
    """

    albumentation = A.LongestMaxSize


class SmallestMaxSize(MaxSizeOp):
    """Resizes, keeping the aspect ratio, so that the shorter side is `max_size`.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> SmallestMaxSize(max_size=8, image_in="x").forward([np.zeros((2, 4))], SampleState("train"))[0].shape
        (8, 16)
    """

    albumentation = A.SmallestMaxSize


def check_erosion(erosion_rate, owner):
    """`erosion_rate`, checked to be in [0, 1] as FastEstimator checks it."""
    if not 0.0 <= erosion_rate <= 1.0:
        raise ConfigError(f"{owner}: erosion_rate must be in [0.0, 1.0]; got {erosion_rate}")
    return erosion_rate
