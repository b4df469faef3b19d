"""Domain adaptation from albumentations: an image takes on the look of reference images.

`reference_images` is a list of anything `read_fn` turns into an image (default: numpy arrays as they are,
FastEstimator's default; albumentations' own default reads file paths).
"""
import numpy as np

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop.albumentation import albumentations as A
from kerasfe.op.numpyop.univariate.univariate import AlbumentationOp


class ReferenceOp(AlbumentationOp):
    """An AlbumentationOp whose transform needs `reference_images` (the third parameter, as in FastEstimator).

    albumentations 2.x deprecated the transforms' `reference_images` / `read_fn` arguments for images handed in
    with the data; the op draws one reference per sample from the sample's generator, reads it with `read_fn`
    and hands it in that way.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = HistogramMatching("x", "x", [np.full((4, 4, 3), 9, "uint8")], blend_ratio=(1.0, 1.0))
        >>> op.forward(np.full((4, 4, 3), 200, "uint8"), SampleState("train")).max() == 9
        np.True_
    """

    state_exclude = AlbumentationOp.state_exclude + ("reference_images",)  # settings, kept out of snapshots

    def __init__(self, inputs, outputs=None, reference_images=None, mode=None, ds_id=None, **params):
        if reference_images is None or len(reference_images) == 0:
            raise ConfigError(f"{type(self).__name__}: give reference_images (a non-empty list of images, or of what "
                              "read_fn reads)")
        super().__init__(inputs, outputs, mode, ds_id, reference_images=list(reference_images), **params)

    def albumentation_args(self, reference_images, read_fn, **params):
        self.reference_images, self.read_fn = reference_images, read_fn
        return params

    def extra_data(self, state):
        reference = self.reference_images[int(state["rng"].integers(len(self.reference_images)))]
        return {self.runner.transform.metadata_key: [np.asarray(self.read_fn(reference))]}

    def __init_subclass__(cls, **kwargs):
        cls.defaults = {"reference_images": None, "read_fn": np.asarray, **cls.defaults}
        super().__init_subclass__(**kwargs)


class FDA(ReferenceOp):
    """Fourier Domain Adaptation: swaps the low frequencies (a fraction drawn from `beta_limit`; a number `b`
    means (0, b)) of the image's amplitude spectrum with a reference image's.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = FDA(inputs="x", outputs="x", reference_images=[np.full((8, 8, 3), 50, "uint8")], beta_limit=0.3)
        >>> op.forward(np.full((8, 8, 3), 200, "uint8"), SampleState("train")).shape
        (8, 8, 3)
    """

    albumentation = A.FDA
    defaults = {"beta_limit": 0.1}


class HistogramMatching(ReferenceOp):
    """Matches the image's histogram to a reference image's, blended with the original by a ratio drawn from
    `blend_ratio`.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = HistogramMatching("x", "y", [np.arange(16, dtype="uint8").reshape(4, 4)], blend_ratio=(1.0, 1.0))
        >>> int(op.forward(np.full((4, 4), 200, "uint8"), SampleState("train")).max()) <= 15
        True
    """

    albumentation = A.HistogramMatching
    defaults = {"blend_ratio": (0.5, 1.0)}


class PixelDistributionAdaptation(ReferenceOp):
    """Fits a `transform_type` ("pca", "standard" or "minmax") to the image's pixels and its inverse to a
    reference image's, and maps the image through both, blended by a ratio drawn from `blend_ratio`.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> reference = np.random.default_rng(0).integers(0, 50, (8, 8, 3)).astype("uint8")
        >>> op = PixelDistributionAdaptation("x", "x", [reference], blend_ratio=(1.0, 1.0), transform_type="minmax")
        >>> image = np.random.default_rng(1).integers(150, 250, (8, 8, 3)).astype("uint8")
        >>> int(op.forward(image, SampleState("train")).max()) < 100
        True
    """

    albumentation = A.PixelDistributionAdaptation
    defaults = {"blend_ratio": (0.25, 1.0), "transform_type": "pca"}
