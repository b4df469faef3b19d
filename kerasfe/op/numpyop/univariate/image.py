"""Image-only augmentations built on albumentations: the image changes, masks and boxes would not."""
import numpy as np

from kerasfe.op.numpyop.albumentation import albumentations as A
from kerasfe.op.numpyop.batch_kernels import cutout_batch
from kerasfe.op.numpyop.univariate.univariate import BatchableOp, ImageOnlyAlbumentation


class Brightness(ImageOnlyAlbumentation):
    """Shifts brightness by a random factor in [-limit, limit] (of the image's value range).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> out = Brightness(inputs="x", limit=0.2).forward(np.full((4, 4, 3), 100, "uint8"),
        ...                                                 SampleState("train", index=1))
        >>> np.unique(out).tolist()  # the whole image shifted by the draw of sample 1, within 0.2 * 255
        [56]
    """

    def __init__(self, inputs, outputs=None, mode=None, ds_id=None, limit=0.2):
        super().__init__(A.RandomBrightnessContrast(brightness_limit=limit, contrast_limit=0.0, p=1.0),
                         inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)


class Contrast(ImageOnlyAlbumentation):
    """Scales contrast by a random factor in [1 - limit, 1 + limit].

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> tuple(Contrast(inputs="x").forward(np.zeros((4, 4, 3), "uint8"), SampleState("train")).shape)
        (4, 4, 3)
    """

    def __init__(self, inputs, outputs=None, mode=None, ds_id=None, limit=0.2):
        super().__init__(A.RandomBrightnessContrast(brightness_limit=0.0, contrast_limit=limit, p=1.0),
                         inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)


class GaussianNoise(ImageOnlyAlbumentation):
    """Adds Gaussian noise with a standard deviation drawn from `std_range` (a fraction of the value range).

    FastEstimator's (albumentations 1.x) `var_limit` (a variance range, in pixel units of a uint8 image) and
    `mean` (pixel units) are accepted too: they become std_range = sqrt(var_limit) / 255 and a mean of
    mean / 255 of the value range.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> noisy = GaussianNoise(inputs="x").forward(np.full((8, 8, 3), 0.5, "float32"), SampleState("train"))
        >>> bool(np.any(noisy != 0.5))
        True
    """

    def __init__(self, inputs, outputs=None, mode=None, ds_id=None, std_range=(0.05, 0.1), var_limit=None, mean=None):
        if var_limit is not None:
            low, high = var_limit if isinstance(var_limit, (tuple, list)) else (0.0, var_limit)
            std_range = (float(np.sqrt(low)) / 255.0, float(np.sqrt(high)) / 255.0)
        mean_range = (0.0, 0.0) if mean is None else (mean / 255.0, mean / 255.0)
        super().__init__(A.GaussNoise(std_range=std_range, mean_range=mean_range, p=1.0), inputs=inputs,
                         outputs=outputs, mode=mode, ds_id=ds_id)


class CoarseDropout(ImageOnlyAlbumentation, BatchableOp):
    """Cuts out rectangular holes (cutout), filled with `fill`.

    With a numeric `fill` it also runs on whole batches (B, H, W[, C]) when it comes last in the op
    list, drawing each sample's holes from the batch's seeded generator as albumentations draws them.

    Args:
        num_holes_range: (min, max) number of holes.
        hole_height_range, hole_width_range: hole sizes, in pixels (ints) or as fractions of the image (floats).
        fill: a value, one value per channel, or an albumentations fill mode ("random", "inpaint_telea", ...).
        max_holes, max_height, max_width, min_holes, min_height, min_width, fill_value: FastEstimator's
            (albumentations 1.x) names; when given they set num_holes_range = (min_holes or max_holes, max_holes),
            the hole sizes likewise, and fill.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = CoarseDropout(inputs="x", num_holes_range=(1, 1), hole_height_range=(2, 2), hole_width_range=(2, 2))
        >>> int((op.forward(np.ones((8, 8, 1), "float32"), SampleState("train")) == 0).sum())
        4
    """

    def __init__(self, inputs, outputs=None, mode=None, ds_id=None, num_holes_range=(1, 1),
                 hole_height_range=(0.1, 0.3), hole_width_range=(0.1, 0.3), fill=0, max_holes=None, max_height=None,
                 max_width=None, min_holes=None, min_height=None, min_width=None, fill_value=None):
        num_holes_range = _limits(num_holes_range, min_holes, max_holes)
        hole_height_range = _limits(hole_height_range, min_height, max_height)
        hole_width_range = _limits(hole_width_range, min_width, max_width)
        fill = fill if fill_value is None else fill_value
        super().__init__(A.CoarseDropout(num_holes_range=num_holes_range, hole_height_range=hole_height_range,
                                         hole_width_range=hole_width_range, fill=fill, p=1.0),
                         inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        self.num_holes_range, self.fill = num_holes_range, fill
        self.hole_height_range, self.hole_width_range = hole_height_range, hole_width_range

    def has_batch_form(self):
        return not isinstance(self.fill, str)

    def transform_batch(self, batch, state):
        batch = np.asarray(batch)
        return cutout_batch(batch, self.draw_holes(batch.shape, state["rng"]), self.fill)

    def draw_holes(self, shape, rng):
        """Holes (B, K, 4) as (x_min, y_min, x_max, y_max) for a batch of `shape` (B, H, W, ...); samples with
        fewer than K holes get empty ones. Counts, sizes and corners follow albumentations' CoarseDropout."""
        size, rows, cols = shape[:3]
        counts = rng.integers(self.num_holes_range[0], self.num_holes_range[1] + 1, size=size)
        grid = (size, int(counts.max(initial=0)))
        if self.hole_height_range[1] >= 1:
            heights = rng.integers(int(self.hole_height_range[0]), int(min(self.hole_height_range[1], rows)) + 1, grid)
            widths = rng.integers(int(self.hole_width_range[0]), int(min(self.hole_width_range[1], cols)) + 1, grid)
        else:
            heights = (rows * rng.uniform(*self.hole_height_range, size=grid)).astype(int)
            widths = (cols * rng.uniform(*self.hole_width_range, size=grid)).astype(int)
        heights *= np.arange(grid[1]) < counts[:, None]  # holes past a sample's count are empty
        tops, lefts = rng.integers(0, rows - heights + 1), rng.integers(0, cols - widths + 1)
        return np.stack([lefts, tops, lefts + widths, tops + heights], axis=-1)


class ColorJitter(ImageOnlyAlbumentation):
    """Randomly changes brightness, contrast, saturation and hue (RGB images).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> tuple(ColorJitter(inputs="x").forward(np.zeros((4, 4, 3), "uint8"), SampleState("train")).shape)
        (4, 4, 3)
    """

    def __init__(self, inputs, outputs=None, mode=None, ds_id=None, brightness=0.2, contrast=0.2, saturation=0.2,
                 hue=0.1):
        super().__init__(A.ColorJitter(brightness=brightness, contrast=contrast, saturation=saturation, hue=hue,
                                       p=1.0), inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)


class Blur(ImageOnlyAlbumentation):
    """Box-blurs with a random odd kernel size in `blur_limit`.

    With `advanced`, it is albumentations' AdvancedBlur instead (an anisotropic generalized Gaussian kernel):
    `sigmaX_limit`, `sigmaY_limit` (2.x: `sigma_x_limit`, `sigma_y_limit`), `rotate_limit`, `beta_limit`,
    `noise_limit`, as in FastEstimator.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> image = np.zeros((5, 5), "float32"); image[2, 2] = 9.0
        >>> float(Blur(inputs="x", blur_limit=(3, 3)).forward(image, SampleState("train"))[2, 2])
        1.0
    """

    def __init__(self, inputs, outputs=None, mode=None, ds_id=None, blur_limit=(3, 7), advanced=False,
                 sigmaX_limit=(0.2, 1.0), sigmaY_limit=(0.2, 1.0), rotate_limit=90, beta_limit=(0.5, 8.0),
                 noise_limit=(0.9, 1.1)):
        transform = A.Blur(blur_limit=blur_limit, p=1.0)
        if advanced:
            transform = A.AdvancedBlur(blur_limit=blur_limit, sigma_x_limit=sigmaX_limit, sigma_y_limit=sigmaY_limit,
                                       rotate_limit=rotate_limit, beta_limit=beta_limit, noise_limit=noise_limit,
                                       p=1.0)
        super().__init__(transform, inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)


class ToGray(ImageOnlyAlbumentation):
    """Turns an RGB image gray, keeping 3 channels.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> gray = ToGray(inputs="x").forward(np.full((2, 2, 3), (255, 0, 0), "uint8"), SampleState("train"))
        >>> tuple(gray.shape), len(set(gray[0, 0].tolist()))
        ((2, 2, 3), 1)
    """

    def __init__(self, inputs, outputs=None, mode=None, ds_id=None):
        super().__init__(A.ToGray(num_output_channels=3, p=1.0), inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)


class Solarize(ImageOnlyAlbumentation):
    """Inverts the pixels above a threshold (a fraction of the value range, drawn from `threshold_range`).

    FastEstimator's `threshold` (albumentations 1.x: pixel units of a uint8 image; a number `t` means (t, t))
    is accepted too and becomes threshold_range = threshold / 255.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = Solarize(inputs="x", threshold_range=(0.5, 0.5))
        >>> op.forward(np.array([[10, 250]], "uint8"), SampleState("train")).tolist()
        [[10, 5]]
    """

    def __init__(self, inputs, outputs=None, mode=None, ds_id=None, threshold_range=(0.5, 0.5), threshold=None):
        if threshold is not None:
            low, high = threshold if isinstance(threshold, (tuple, list)) else (threshold, threshold)
            threshold_range = (low / 255.0, high / 255.0)
        super().__init__(A.Solarize(threshold_range=threshold_range, p=1.0), inputs=inputs, outputs=outputs,
                         mode=mode, ds_id=ds_id)


def _limits(default, low, high):
    """A (low, high) range from albumentations 1.x's min_* / max_* pair (None: the default range; a missing low
    is the high)."""
    if high is None:
        return default
    return (high if low is None else low, high)
