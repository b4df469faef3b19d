"""RUA (Random Unified Augmentation): FastEstimator's RandAugment-like policy with one strength knob, `level`."""
import numpy as np
from PIL import ImageEnhance, ImageOps

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop.meta import MetaOp, OneOf, Sometimes
from kerasfe.op.op import parse_ds_ids, parse_modes
from kerasfe.op.numpyop.univariate.pillow import (AutoContrast, Color, EnhanceOp, PillowOp, Sharpness, ShearX, ShearY,
                                                  TranslateX, TranslateY)


class RUA(MetaOp):
    """Applies N ops picked at random (per sample, from the sample's generator) from `choices`, each at a
    strength set by `level` (in [0, 30]); N grows from 1 to min(len(choices), 5) with the level (its fraction
    is the probability of one more op).

    Args:
        choices: "defaults" (Rotate, Identity, AutoContrast, Equalize, Posterize, Solarize, Sharpness, Contrast,
            Color, Brightness, ShearX, ShearY, TranslateX, TranslateY, with FastEstimator's ranges), some of those
            names, or names negated ("!Rotate": all defaults but it), plus NumpyOps of your own that have a
            `set_rua_level(magnitude_coef)` method and the same inputs, outputs and mode.
        level: the strength; each op gets `set_rua_level(level / 30)`.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = RUA(inputs="x", outputs="x", choices=["Identity", "Rotate"], level=30)
        >>> len(op.ops), [type(inner).__name__ for inner in op.ops]
        (2, ['OneOf', 'OneOf'])
        >>> sample = {"x": np.full((8, 8, 3), 120, "uint8")}
        >>> op.apply(sample, SampleState("train")); sample["x"].shape
        (8, 8, 3)
    """

    def __init__(self, inputs, outputs=None, mode=None, ds_id=None, choices="defaults", level=18):
        if not 0 <= level <= 30:
            raise ConfigError(f"RUA: level must be in [0, 30]; got {level}")
        outputs = inputs if outputs is None else outputs
        options = _choose(default_augmentations(inputs, outputs, mode, ds_id),
                          [choices] if isinstance(choices, str) or not isinstance(choices, (list, tuple))
                          else list(choices))
        for op in options:
            if not callable(getattr(op, "set_rua_level", None)):
                raise ConfigError(f"RUA: {type(op).__name__} has no set_rua_level(magnitude_coef) method; RUA's "
                                  "ops need one")
            op.set_rua_level(magnitude_coef=level / 30)
        count = level * (min(len(options), 5) - 1) / 30 + 1
        one_of = OneOf(*options)
        ops = [one_of] * int(count) + ([Sometimes(one_of, prob=count % 1)] if count % 1 else [])
        super().__init__(ops)
        self.mode = parse_modes(mode, owner="RUA")
        self.ds_ids, self.excluded_ds_ids = parse_ds_ids(ds_id)
        self.level = level

    def apply(self, sample, state):
        for op in self.ops:
            op.apply(sample, state)


def _choose(defaults, choices):
    custom = [op for op in choices if not isinstance(op, str)]
    names = [name for name in choices if isinstance(name, str)]
    removed = [name[1:] for name in names if name.startswith("!")]
    added = [name for name in names if not name.startswith("!") and name != "defaults"]
    unknown = [name for name in removed + added if name not in defaults]
    if unknown:
        raise ConfigError(f"RUA: unknown augmentation(s) {unknown}; the defaults are {list(defaults)}")
    if removed and (added or "defaults" in names):
        raise ConfigError(f"RUA: negated names ({removed}) already mean 'the defaults but these'; do not mix them "
                          "with 'defaults' or with names to add")
    if added and "defaults" in names:
        raise ConfigError(f"RUA: {added} are already among the 'defaults'")
    if removed:
        chosen = [op for name, op in defaults.items() if name not in removed]
    elif "defaults" in names:
        chosen = list(defaults.values())
    else:
        chosen = [defaults[name] for name in added]
    if not chosen + custom:
        raise ConfigError("RUA: choices is empty; pass 'defaults', names of default augmentations or NumpyOps")
    return chosen + custom


def default_augmentations(inputs, outputs, mode, ds_id):
    """RUA's default augmentations (name -> op) with FastEstimator's ranges, before `set_rua_level`.

    Example:
        >>> list(default_augmentations("x", "x", None, None))[:4]
        ['Rotate', 'Identity', 'AutoContrast', 'Equalize']
    """
    keys = dict(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
    return {"Rotate": RotateImage(**keys, limit=90), "Identity": Identity(**keys), "AutoContrast": AutoContrast(**keys),
            "Equalize": EqualizeImage(**keys), "Posterize": PosterizeImage(**keys, num_bits=7),
            "Solarize": SolarizeImage(**keys, threshold=256), "Sharpness": Sharpness(**keys, limit=0.9),
            "Contrast": ContrastImage(**keys, limit=0.9), "Color": Color(**keys, limit=0.9),
            "Brightness": BrightnessImage(**keys, limit=0.9), "ShearX": ShearX(**keys, shear_coef=0.5),
            "ShearY": ShearY(**keys, shear_coef=0.5), "TranslateX": TranslateX(**keys, shift_limit=0.33),
            "TranslateY": TranslateY(**keys, shift_limit=0.33)}


class Identity(PillowOp):
    """RUA's no-op choice: the image unchanged.

    Example:
        >>> import numpy as np
        >>> Identity(inputs="x").forward(np.array([[1, 2]], "uint8"), {"mode": "train"}).tolist()
        [[1, 2]]
    """

    def apply_pil(self, image, magnitude):
        return image


class EqualizeImage(PillowOp):
    """RUA's Equalize: PIL's histogram equalization.

    Example:
        >>> import numpy as np
        >>> image = np.repeat(np.array([10, 20, 30, 40], "uint8"), 100).reshape(20, 20)
        >>> np.unique(EqualizeImage(inputs="x").forward(image, {"mode": "train"})).tolist()
        [0, 100, 200, 255]
    """

    def apply_pil(self, image, magnitude):
        return ImageOps.equalize(image)


class RotateImage(PillowOp):
    """RUA's Rotate: PIL's rotation (degrees drawn from `limit`, counter-clockwise, corners filled with 0).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> image = np.zeros((3, 3), "uint8"); image[0, 1] = 9
        >>> RotateImage(inputs="x", limit=(90, 90)).forward(image, SampleState("train")).tolist()
        [[0, 0, 0], [9, 0, 0], [0, 0, 0]]
    """

    magnitude = ("limit", 30)

    def apply_pil(self, image, magnitude):
        return image.rotate(magnitude)


class ContrastImage(EnhanceOp):
    """RUA's Contrast: PIL's contrast enhancement by a factor 1 + m, m drawn from `limit`.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = ContrastImage(inputs="x", limit=(-1.0, -1.0))
        >>> np.unique(op.forward(np.array([[0, 200]], "uint8"), SampleState("train"))).size  # factor 0: flat
        1
    """

    enhancer = ImageEnhance.Contrast


class BrightnessImage(EnhanceOp):
    """RUA's Brightness: PIL's brightness enhancement by a factor 1 + m, m drawn from `limit`.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = BrightnessImage(inputs="x", limit=(1.0, 1.0))
        >>> op.forward(np.array([[50, 200]], "uint8"), SampleState("train")).tolist()
        [[100, 255]]
    """

    enhancer = ImageEnhance.Brightness


class PosterizeImage(PillowOp):
    """RUA's Posterize: keeps a random number of high bits, drawn from `num_bits` (a number: exactly that many;
    RUA's level widens it to (8 - level * num_bits, 8)).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> PosterizeImage(inputs="x", num_bits=1).forward(np.array([[200, 100]], "uint8"),
        ...                                                SampleState("train")).tolist()
        [[128, 0]]
    """

    magnitude = ("num_bits", 7)

    def to_range(self, value):
        self.num_bits = value
        return tuple(value) if isinstance(value, (tuple, list)) else (value, value)

    def set_rua_level(self, magnitude_coef):
        if isinstance(self.num_bits, (tuple, list)):
            middle, extent = sum(self.num_bits) / 2, magnitude_coef * (self.num_bits[1] - self.num_bits[0]) / 2
            self.limit = (round(middle - extent), round(middle + extent))
        else:
            self.limit = (round(8 - magnitude_coef * self.num_bits), 8)

    def draw(self, rng):
        return int(rng.integers(self.limit[0], self.limit[1] + 1))

    def apply_pil(self, image, magnitude):
        return ImageOps.posterize(image, magnitude)


class SolarizeImage(PillowOp):
    """RUA's Solarize: inverts the pixels at or above 256 - t, t drawn from (0, threshold) (or the range given;
    RUA's level makes it (0, low + level * (high - low)), as in FastEstimator).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> SolarizeImage(inputs="x", threshold=(156, 156)).forward(np.array([[10, 100, 250]], "uint8"),
        ...                                                         SampleState("train")).tolist()
        [[10, 155, 5]]
    """

    magnitude = ("threshold", 256)

    def to_range(self, value):
        return tuple(value) if isinstance(value, (tuple, list)) else (0, value)

    def set_rua_level(self, magnitude_coef):
        self.limit = (0, self.limit[0] + magnitude_coef * (self.limit[1] - self.limit[0]))

    def apply_array(self, value, magnitude):
        threshold = 256 - round(magnitude)
        value = np.asarray(value)
        return np.where(value < threshold, value, 255 - value).astype(value.dtype)
