"""Geometric augmentations that move an image with its masks, boxes and keypoints (albumentations).

Every op takes the keys of `MultiVariateAlbumentation` (`image_in`, `image_out`, `mask_in`, `mask_out`,
`masks_in`, `masks_out`, `bbox_in`, `bbox_out`, `keypoints_in`, `keypoints_out`, `bbox_params`,
`keypoint_params`, `mode`, `ds_id`) as keyword arguments. Flips, pads and crops also run on whole
batches of images and masks (`forward_batch`) when they come last in the op list.
"""
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


class PadIfNeeded(MultiVariateAlbumentation):
    """Pads (centered, with `fill`) to at least min_height x min_width.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = PadIfNeeded(min_height=4, min_width=4, image_in="x")
        >>> out = op.forward([np.ones((2, 2), "uint8")], SampleState("train"))[0]
        >>> tuple(out.shape), int(out.sum()), int(out[1:3, 1:3].sum())
        ((4, 4), 4, 4)
    """

    def __init__(self, min_height, min_width, fill=0, fill_mask=0, **keys):
        super().__init__(A.PadIfNeeded(min_height=min_height, min_width=min_width, border_mode=0, fill=fill,
                                       fill_mask=fill_mask, p=1.0), **keys)
        self.fill, self.fill_mask = fill, fill_mask

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

    def __init__(self, height, width, scale=(0.08, 1.0), ratio=(0.75, 4 / 3), **keys):
        super().__init__(A.RandomResizedCrop(size=(height, width), scale=scale, ratio=ratio, p=1.0), **keys)


class Rotate(MultiVariateAlbumentation):
    """Rotates by a random angle (degrees) in `limit` (a number `a` means (-a, a)), filling with `fill`.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> image = np.zeros((3, 3), "uint8"); image[0, 1] = 9
        >>> Rotate(limit=(90, 90), image_in="x").forward([image], SampleState("train"))[0].tolist()
        [[0, 0, 0], [9, 0, 0], [0, 0, 0]]
    """

    def __init__(self, limit=90, fill=0, fill_mask=0, **keys):
        super().__init__(A.Rotate(limit=limit, border_mode=0, fill=fill, fill_mask=fill_mask, p=1.0), **keys)


class Affine(MultiVariateAlbumentation):
    """A random affine map: scale, translate_percent, rotate (degrees) and shear, each a value or a range.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = Affine(translate_percent={"x": 0.5, "y": 0.0}, image_in="x", keypoints_in="k")
        >>> image, points = op.forward([np.zeros((4, 4), "uint8"), np.array([[1.0, 1.0]])], SampleState("train"))
        >>> points.tolist()
        [[3.0, 1.0]]
    """

    def __init__(self, scale=1.0, translate_percent=None, rotate=0.0, shear=0.0, fill=0, fill_mask=0, **keys):
        super().__init__(A.Affine(scale=scale, translate_percent=translate_percent, rotate=rotate, shear=shear,
                                  border_mode=0, fill=fill, fill_mask=fill_mask, p=1.0), **keys)


class ShiftScaleRotate(MultiVariateAlbumentation):
    """Randomly shifts (fraction of the size), scales (1 +- scale_limit) and rotates (degrees), as one affine map.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = ShiftScaleRotate(shift_limit=0.0, scale_limit=0.0, rotate_limit=0, image_in="x")
        >>> op.forward([np.eye(3, dtype="uint8")], SampleState("train"))[0].tolist()
        [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    """

    def __init__(self, shift_limit=0.0625, scale_limit=0.1, rotate_limit=45, fill=0, fill_mask=0, **keys):
        super().__init__(A.Affine(scale=(1 - scale_limit, 1 + scale_limit),
                                  translate_percent=(-shift_limit, shift_limit), rotate=(-rotate_limit, rotate_limit),
                                  border_mode=0, fill=fill, fill_mask=fill_mask, p=1.0), **keys)
