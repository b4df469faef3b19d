"""Weather effects from albumentations (RGB images), under FastEstimator's names and parameters.

albumentations 2.x takes (low, high) ranges where FastEstimator (albumentations 1.x) took `*_lower` /
`*_upper` pairs; each op keeps FastEstimator's names and builds the range.
"""
from kerasfe.op.numpyop.albumentation import albumentations as A
from kerasfe.op.numpyop.univariate.univariate import AlbumentationOp


class RandomFog(AlbumentationOp):
    """Fog of a density in [fog_coef_lower, fog_coef_upper] (2.x: `fog_coef_range`), `alpha_coef` its
    transparency.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> out = RandomFog(inputs="x").forward(np.zeros((16, 16, 3), "uint8"), SampleState("train"))
        >>> bool(out.mean() > 0)  # a black image turns lighter
        True
    """

    albumentation = A.RandomFog
    defaults = {"fog_coef_lower": 0.3, "fog_coef_upper": 1.0, "alpha_coef": 0.08}

    ranges = {"fog_coef_range": ("fog_coef_lower", "fog_coef_upper")}


class RandomRain(AlbumentationOp):
    """Rain streaks slanted by an angle in [slant_lower, slant_upper] (2.x: `slant_range`); `rain_type` None
    (2.x: "default"), "drizzle", "heavy" or "torrential".

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> RandomRain(inputs="x", drop_length=4).forward(np.zeros((16, 16, 3), "uint8"), SampleState("train")).shape
        (16, 16, 3)
    """

    albumentation = A.RandomRain
    defaults = {"slant_lower": -10, "slant_upper": 10, "drop_length": 20, "drop_width": 1,
                "drop_color": (200, 200, 200), "blur_value": 7, "brightness_coefficient": 0.7, "rain_type": None}

    ranges = {"slant_range": ("slant_lower", "slant_upper")}

    def albumentation_args(self, rain_type, **params):
        return {"rain_type": rain_type or "default", **super().albumentation_args(**params)}


class RandomShadow(AlbumentationOp):
    """Between num_shadows_lower and num_shadows_upper (2.x: `num_shadows_limit`) polygon shadows of
    `shadow_dimension` sides in the region `shadow_roi` (x_min, y_min, x_max, y_max as fractions).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> out = RandomShadow(inputs="x").forward(np.full((16, 16, 3), 200, "uint8"), SampleState("train"))
        >>> bool(out[:8].min() == 200 and out.min() < 200)  # shadows only in the lower half
        True
    """

    albumentation = A.RandomShadow
    defaults = {"shadow_roi": (0.0, 0.5, 1.0, 1.0), "num_shadows_lower": 1, "num_shadows_upper": 2,
                "shadow_dimension": 5}

    ranges = {"num_shadows_limit": ("num_shadows_lower", "num_shadows_upper")}


class RandomSnow(AlbumentationOp):
    """Snow: brightens a fraction in [snow_point_lower, snow_point_upper] (2.x: `snow_point_range`) of the
    image by `brightness_coeff`.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> out = RandomSnow(inputs="x").forward(np.full((16, 16, 3), 100, "uint8"), SampleState("train"))
        >>> bool(out.max() > 100)
        True
    """

    albumentation = A.RandomSnow
    defaults = {"snow_point_lower": 0.1, "snow_point_upper": 0.3, "brightness_coeff": 2.5}

    ranges = {"snow_point_range": ("snow_point_lower", "snow_point_upper")}


class RandomSunFlare(AlbumentationOp):
    """A sun flare in `flare_roi`, at an angle in [angle_lower, angle_upper] (2.x: `angle_range`), with
    num_flare_circles_lower to num_flare_circles_upper (2.x: `num_flare_circles_range`) circles.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> out = RandomSunFlare(inputs="x", src_radius=8).forward(np.zeros((16, 16, 3), "uint8"),
        ...                                                        SampleState("train"))
        >>> bool(out.max() > 0)
        True
    """

    albumentation = A.RandomSunFlare
    defaults = {"flare_roi": (0, 0, 1, 0.5), "angle_lower": 0.0, "angle_upper": 1.0, "num_flare_circles_lower": 6,
                "num_flare_circles_upper": 10, "src_radius": 400, "src_color": (255, 255, 255)}

    ranges = {"angle_range": ("angle_lower", "angle_upper"),
              "num_flare_circles_range": ("num_flare_circles_lower", "num_flare_circles_upper")}
