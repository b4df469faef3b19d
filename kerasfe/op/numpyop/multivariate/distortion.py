"""Distortions that warp an image with its masks (and boxes / keypoints, which albumentations 2.x moves too).

Every op takes the keys of `MultiVariateAlbumentation` as keyword arguments. `interpolation` and `border_mode`
are OpenCV flags with FastEstimator's defaults (bilinear, `cv2.BORDER_REFLECT_101`); `value` / `mask_value`
fill the border when `border_mode` is `cv2.BORDER_CONSTANT` (None: 0).
"""
import cv2

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop.albumentation import albumentations as A
from kerasfe.op.numpyop.multivariate.geometric import fill_values
from kerasfe.op.numpyop.multivariate.multivariate import MultiVariateAlbumentation


class ElasticTransform(MultiVariateAlbumentation):
    """Elastic deformation: a random displacement field smoothed by a Gaussian of `sigma`, scaled by `alpha`.

    albumentations 2.x removed the random affine part (`alpha_affine`); kerasfe accepts only 0 for it (its
    default here, where FastEstimator's is 50): put an `Affine` op before this one for that effect.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> image, mask = ElasticTransform(image_in="x", mask_in="m").forward(
        ...     [np.full((8, 8), 7, "uint8"), np.ones((8, 8), "uint8")], SampleState("train"))
        >>> np.unique(image).tolist(), np.unique(mask).tolist()  # a constant image stays so under reflection
        ([7], [1])
    """

    def __init__(self, alpha=34.0, sigma=4.0, alpha_affine=0.0, interpolation=cv2.INTER_LINEAR,
                 border_mode=cv2.BORDER_REFLECT_101, value=None, mask_value=None, approximate=False, same_dxdy=False,
                 **keys):
        removed_parameter("ElasticTransform", "alpha_affine", alpha_affine, "put an Affine op before it")
        fill, fill_mask = fill_values(0, 0, value, mask_value)
        super().__init__(A.ElasticTransform(alpha=alpha, sigma=sigma, interpolation=interpolation,
                                            border_mode=border_mode, fill=fill, fill_mask=fill_mask,
                                            approximate=approximate, same_dxdy=same_dxdy, p=1.0), **keys)


class GridDistortion(MultiVariateAlbumentation):
    """Moves the lines of a num_steps x num_steps grid by random fractions in `distort_limit` (a number `a` means
    (-a, a)) and warps the image between them.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> mask = np.arange(64, dtype="uint8").reshape(8, 8) % 3
        >>> _, out = GridDistortion(num_steps=2, image_in="x", mask_in="m").forward([mask, mask], SampleState("train"))
        >>> out.shape, set(np.unique(out)) <= {0, 1, 2}  # masks move by nearest neighbours
        ((8, 8), True)
    """

    def __init__(self, num_steps=5, distort_limit=0.3, interpolation=cv2.INTER_LINEAR,
                 border_mode=cv2.BORDER_REFLECT_101, value=None, mask_value=None, **keys):
        fill, fill_mask = fill_values(0, 0, value, mask_value)
        super().__init__(A.GridDistortion(num_steps=num_steps, distort_limit=distort_limit, interpolation=interpolation,
                                          border_mode=border_mode, fill=fill, fill_mask=fill_mask, p=1.0), **keys)


class OpticalDistortion(MultiVariateAlbumentation):
    """Barrel / pincushion lens distortion with a coefficient drawn from `distort_limit` (a number `a` means
    (-a, a)).

    albumentations 2.x dropped the random shift of the distortion centre (`shift_limit`); kerasfe accepts only 0
    for it (its default here, where FastEstimator's is 0.05).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> out = OpticalDistortion(distort_limit=0.5, image_in="x").forward([np.full((6, 6, 3), 9, "uint8")],
        ...                                                                  SampleState("train"))[0]
        >>> out.shape, np.unique(out).tolist()  # a constant image stays so under reflection
        ((6, 6, 3), [9])
    """

    def __init__(self, distort_limit=0.05, shift_limit=0.0, interpolation=cv2.INTER_LINEAR,
                 border_mode=cv2.BORDER_REFLECT_101, value=None, mask_value=None, **keys):
        removed_parameter("OpticalDistortion", "shift_limit", shift_limit, "the distortion is centred")
        fill, fill_mask = fill_values(0, 0, value, mask_value)
        super().__init__(A.OpticalDistortion(distort_limit=distort_limit, interpolation=interpolation,
                                             border_mode=border_mode, fill=fill, fill_mask=fill_mask, p=1.0), **keys)


class RandomGridShuffle(MultiVariateAlbumentation):
    """Cuts the image into a `grid` (rows, columns) of tiles and shuffles them.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> image = np.arange(16, dtype="uint8").reshape(4, 4)
        >>> out = RandomGridShuffle(grid=(2, 2), image_in="x").forward([image], SampleState("train"))[0]
        >>> sorted(out.ravel().tolist()) == list(range(16))
        True
    """

    def __init__(self, grid=(3, 3), **keys):
        super().__init__(A.RandomGridShuffle(grid=grid, p=1.0), **keys)


class MaskDropout(MultiVariateAlbumentation):
    """Removes up to `max_objects` objects (connected regions of the mask): their pixels become
    `image_fill_value` in the image and `mask_fill_value` in the mask.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> mask = np.zeros((4, 4), "uint8"); mask[:2, :2] = 1
        >>> image, mask = MaskDropout(image_in="x", mask_in="m").forward([np.ones((4, 4), "uint8"), mask],
        ...                                                              SampleState("train"))
        >>> int(image.sum()), int(mask.sum())
        (12, 0)
    """

    def __init__(self, max_objects=1, image_fill_value=0, mask_fill_value=0, **keys):
        super().__init__(A.MaskDropout(max_objects=max_objects, fill=image_fill_value, fill_mask=mask_fill_value,
                                       p=1.0), **keys)


def removed_parameter(owner, name, value, instead):
    """Refuses a non-zero value of a parameter albumentations 2.x removed.

    Example:
        >>> removed_parameter("OpticalDistortion", "shift_limit", 0.0, "none")
        >>> try:
        ...     removed_parameter("OpticalDistortion", "shift_limit", 0.05, "the distortion is centred")
        ... except ConfigError as error:
        ...     print(str(error).split(";")[0])
        OpticalDistortion: shift_limit=0.05 is not supported (albumentations 2.x removed it)
    """
    if value:
        raise ConfigError(f"{owner}: {name}={value} is not supported (albumentations 2.x removed it); pass "
                          f"{name}=0 ({instead})")
