"""RandomShapes: semi-transparent random shapes drawn over an image (OpenCV drawing)."""
import math

import cv2
import numpy as np

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop.univariate.univariate import UnivariateOp


class RandomShapes(UnivariateOp):
    """Draws 1 to `max_shapes` random rectangles, circles and triangles (sides of 2 to `max_size` pixels, default
    the image's smaller side; colors from `intensity_range`, per channel if nested) and blends them over the image
    with an opacity drawn from `transparency_range`.

    FastEstimator draws the shapes with scikit-image's `random_shapes`; kerasfe draws the same kinds of shapes
    with OpenCV (no scikit-image dependency), so the shapes of a seed differ, their statistics do not. As in
    FastEstimator, float images are taken to be in [0, 1].

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = RandomShapes(inputs="x", intensity_range=(0, 0), transparency_range=(1.0, 1.0))
        >>> out = op.forward(np.full((16, 16, 3), 200, "uint8"), SampleState("train"))
        >>> sorted(np.unique(out).tolist())  # opaque black shapes over the gray image
        [0, 200]
    """

    def __init__(self, inputs, outputs=None, mode=None, ds_id=None, max_shapes=3, max_size=None,
                 intensity_range=(0, 254), transparency_range=(0.1, 0.9)):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        ranges = intensity_range if isinstance(intensity_range[0], (tuple, list)) else (intensity_range,)
        if not all(0 <= low <= high <= 254 for low, high in ranges):
            raise ConfigError(f"RandomShapes: intensity_range must lie in [0, 254]; got {intensity_range}")
        if not 0 <= transparency_range[0] <= transparency_range[1] <= 1:
            raise ConfigError(f"RandomShapes: transparency_range must lie in [0, 1]; got {transparency_range}")
        self.max_shapes, self.max_size = max_shapes, max_size
        self.intensity_range, self.transparency_range = intensity_range, transparency_range

    def set_rua_level(self, magnitude_coef):
        """Fewer, smaller and more transparent shapes for a lower RUA level, as in FastEstimator."""
        self.max_shapes = math.ceil(magnitude_coef * self.max_shapes)
        self.max_size = None if self.max_size is None else math.ceil(magnitude_coef * self.max_size)
        low, high = self.transparency_range
        self.transparency_range = (low, low + (high - low) * magnitude_coef)

    def transform(self, value, state):
        value = np.asarray(value)
        shapes = self.draw(state["rng"], value.shape)
        alpha = state["rng"].uniform(*self.transparency_range)
        scaled = shapes / 255.0 if np.issubdtype(value.dtype, np.floating) else shapes
        return np.where(shapes < 255, scaled * alpha + value * (1.0 - alpha), value).astype(value.dtype)

    def draw(self, rng, shape):
        """A white (255) canvas of `shape` with the random shapes drawn on it."""
        height, width = shape[:2]
        channels = shape[2] if len(shape) == 3 else 1
        canvas = np.full((height, width, channels), 255, "uint8")
        ranges = self.intensity_range if isinstance(self.intensity_range[0], (tuple, list)) else \
            (self.intensity_range,) * channels
        largest = max(2, min(self.max_size or min(height, width), height, width))
        for _ in range(int(rng.integers(1, max(1, self.max_shapes) + 1))):
            size = int(rng.integers(2, largest + 1))
            top, left = int(rng.integers(0, height - size + 1)), int(rng.integers(0, width - size + 1))
            color = tuple(int(rng.integers(low, high + 1)) for low, high in ranges[:channels])
            kind = int(rng.integers(3))
            if kind == 0:
                cv2.rectangle(canvas, (left, top), (left + size - 1, top + size - 1), color, thickness=-1)
            elif kind == 1:
                cv2.circle(canvas, (left + size // 2, top + size // 2), size // 2, color, thickness=-1)
            else:
                corners = np.array([[left, top + size - 1], [left + size - 1, top + size - 1], [left + size // 2, top]])
                cv2.fillPoly(canvas, [corners.astype("int32")], color)
        return canvas if len(shape) == 3 else canvas[..., 0]
