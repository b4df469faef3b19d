"""AutoAugment-style image ops computed with Pillow (uint8 images), as FastEstimator computes them.

Each draws one random magnitude per sample (from the sample's seeded generator), uniformly from its range
(a number `a` means (-a, a)), and applies it to every input. `set_rua_level` narrows the range for `RUA`.
"""
import inspect

import numpy as np
from PIL import Image, ImageEnhance, ImageOps, ImageTransform

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop.univariate.univariate import UnivariateOp


def param_to_range(value):
    """FastEstimator's range of a parameter: a number `a` is (-a, a) (or (a, -a) when negative), a pair stays.

    Example:
        >>> param_to_range(0.3), param_to_range((1, 2)), param_to_range(-2)
        ((-0.3, 0.3), (1, 2), (-2, 2))
    """
    if isinstance(value, (int, float)):
        return (-value, value) if value > 0 else (value, -value)
    return tuple(value)


class PillowOp(UnivariateOp):
    """An image op made of `apply_pil(image, magnitude)` on a Pillow image, its magnitude drawn per sample.

    A subclass names its magnitude parameter and default in `magnitude = (name, default)` (None: no magnitude);
    the class's signature lists it (keyword-only) after `inputs, outputs, mode, ds_id`. Images of shape (H, W, 1)
    are handled as (H, W).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> class Darken(PillowOp):
        ...     magnitude = ("limit", (0.5, 0.5))
        ...     def apply_pil(self, image, magnitude):
        ...         return ImageEnhance.Brightness(image).enhance(magnitude)
        >>> Darken(inputs="x").forward(np.full((1, 2, 1), 100, "uint8"), SampleState("train")).tolist()
        [[[50], [50]]]
    """

    magnitude = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        params = list(inspect.signature(PillowOp.__init__).parameters.values())[1:5]
        if cls.magnitude is not None:
            params.append(inspect.Parameter(cls.magnitude[0], inspect.Parameter.KEYWORD_ONLY, default=cls.magnitude[1]))
        cls.__signature__ = inspect.Signature(params)

    def __init__(self, inputs, outputs=None, mode=None, ds_id=None, **magnitude):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        name, default = self.magnitude or (None, None)
        unknown = sorted(set(magnitude) - {name})
        if unknown:
            raise ConfigError(f"{type(self).__name__}: unknown parameter(s) {unknown}; it takes "
                              f"{[name] if name else []}")
        self.limit = None if name is None else self.to_range(magnitude.get(name, default))

    def to_range(self, value):
        """The range magnitudes are drawn from (FastEstimator's `param_to_range`)."""
        return param_to_range(value)

    def set_rua_level(self, magnitude_coef):
        """Narrows the range around its middle to `magnitude_coef` (in [0, 1]) of its width, as FastEstimator's
        RUA does."""
        if self.limit is not None:
            middle, extent = (self.limit[1] + self.limit[0]) / 2, magnitude_coef * (self.limit[1] - self.limit[0]) / 2
            self.limit = (middle - extent, middle + extent)

    def draw(self, rng):
        """The magnitude of one sample."""
        return None if self.limit is None else float(rng.uniform(self.limit[0], self.limit[1]))

    def apply_pil(self, image, magnitude):
        """The op on one Pillow image."""
        raise NotImplementedError(f"{type(self).__name__} must implement apply_pil(image, magnitude)")

    def apply_array(self, value, magnitude):
        """The op on one uint8 array (H, W[, C])."""
        value = np.asarray(value)
        single = value.ndim == 3 and value.shape[-1] == 1
        out = np.array(self.apply_pil(Image.fromarray(value[..., 0] if single else value), magnitude))
        return out[..., None] if single else out

    def forward(self, data, state):
        magnitude = self.draw(state["rng"]) if self.limit is not None else None
        if self.in_list:
            return [self.apply_array(value, magnitude) for value in data]
        return self.apply_array(data, magnitude)


class AutoContrast(PillowOp):
    """Stretches each channel so that its darkest pixel becomes 0 and its brightest 255 (PIL's autocontrast).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> AutoContrast(inputs="x").forward(np.array([[50, 100, 150]], "uint8"), SampleState("train")).tolist()
        [[0, 127, 255]]
    """

    def apply_pil(self, image, magnitude):
        return ImageOps.autocontrast(image)


class EnhanceOp(PillowOp):
    """A Pillow `ImageEnhance` class (`enhancer`) applied with the factor 1 + m, m drawn from `limit`.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> class Flatter(EnhanceOp):
        ...     enhancer = ImageEnhance.Contrast
        >>> out = Flatter(inputs="x", limit=(-1.0, -1.0)).forward(np.array([[0, 200]], "uint8"), SampleState("train"))
        >>> int(out[0, 0]) == int(out[0, 1])  # factor 0: every pixel at the mean gray
        True
    """

    magnitude = ("limit", 0.54)
    enhancer = None

    def apply_pil(self, image, magnitude):
        return self.enhancer(image).enhance(1.0 + magnitude)


class Color(EnhanceOp):
    """Changes the color balance by a factor 1 + m, m drawn from `limit` (factor 0: gray, 1: unchanged).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> out = Color(inputs="x", limit=(-1.0, -1.0)).forward(np.full((1, 1, 3), (200, 100, 0), "uint8"),
        ...                                                     SampleState("train"))
        >>> len(set(out[0, 0].tolist()))  # all gray
        1
    """

    enhancer = ImageEnhance.Color


class Sharpness(EnhanceOp):
    """Changes the sharpness by a factor 1 + m, m drawn from `limit` (factor 0: blurred, 2: sharpened).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> image = np.zeros((5, 5), "uint8"); image[2, 2] = 90
        >>> int(Sharpness(inputs="x", limit=(-1.0, -1.0)).forward(image, SampleState("train"))[2, 2]) < 90
        True
    """

    enhancer = ImageEnhance.Sharpness


class ShearX(PillowOp):
    """Shears along x by a coefficient drawn from `shear_coef` (bicubic), keeping the whole image in view.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> ShearX(inputs="x", shear_coef=(0.0, 0.0)).forward(np.eye(3, dtype="uint8") * 9,
        ...                                                   SampleState("train")).tolist()
        [[9, 0, 0], [0, 9, 0], [0, 0, 9]]
    """

    magnitude = ("shear_coef", 0.3)

    def apply_pil(self, image, magnitude):
        return shear(image, magnitude, axis=0)


class ShearY(PillowOp):
    """Shears along y by a coefficient drawn from `shear_coef` (bicubic), keeping the whole image in view.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> ShearY(inputs="x").forward(np.zeros((4, 6, 3), "uint8"), SampleState("train")).shape
        (4, 6, 3)
    """

    magnitude = ("shear_coef", 0.3)

    def apply_pil(self, image, magnitude):
        return shear(image, magnitude, axis=1)


class TranslateX(PillowOp):
    """Shifts along x by a fraction of the width drawn from `shift_limit` (bicubic; uncovered pixels are 0).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = TranslateX(inputs="x", shift_limit=(0.5, 0.5))
        >>> op.forward(np.array([[1, 2, 3, 4]] * 2, "uint8"), SampleState("train")).tolist()
        [[3, 4, 0, 0], [3, 4, 0, 0]]
    """

    magnitude = ("shift_limit", 0.2)

    def apply_pil(self, image, magnitude):
        return translate(image, magnitude, axis=0)


class TranslateY(PillowOp):
    """Shifts along y by a fraction of the height drawn from `shift_limit` (bicubic; uncovered pixels are 0).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = TranslateY(inputs="x", shift_limit=(-0.5, -0.5))
        >>> op.forward(np.array([[1], [2], [3], [4]], "uint8"), SampleState("train")).ravel().tolist()
        [0, 0, 1, 2]
    """

    magnitude = ("shift_limit", 0.2)

    def apply_pil(self, image, magnitude):
        return translate(image, magnitude, axis=1)


def shear(image, coefficient, axis):
    """FastEstimator's shear: the image sheared along x (axis 0) or y (axis 1) onto a canvas wide enough to hold
    it, then resized back.

    Example:
        >>> shear(Image.new("L", (4, 2)), 0.5, axis=0).size
        (4, 2)
    """
    size = image.size
    shift = round(abs(coefficient) * size[axis])
    offset = -shift if coefficient > 0 else 0.0
    canvas = (size[0] + shift, size[1]) if axis == 0 else (size[0], size[1] + shift)
    matrix = (1.0, coefficient, offset, 0.0, 1.0, 0.0) if axis == 0 else (1.0, 0.0, 0.0, coefficient, 1.0, offset)
    return image.transform(canvas, ImageTransform.AffineTransform(matrix), resample=Image.BICUBIC).resize(size)


def translate(image, fraction, axis):
    """FastEstimator's translation by `fraction` of the width (axis 0) or height (axis 1).

    Example:
        >>> np.array(translate(Image.fromarray(np.array([[5, 6]], "uint8")), 0.5, axis=0)).tolist()
        [[6, 0]]
    """
    displacement = fraction * image.size[axis]
    matrix = (1.0, 0.0, displacement, 0.0, 1.0, 0.0) if axis == 0 else (1.0, 0.0, 0.0, 0.0, 1.0, displacement)
    return image.transform(image.size, ImageTransform.AffineTransform(matrix), resample=Image.BICUBIC)
