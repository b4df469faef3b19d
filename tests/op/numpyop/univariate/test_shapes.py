import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop.state import SampleState
from kerasfe.op.numpyop.univariate import RandomShapes
from tests.op.numpyop.albumentations_reference import RGB


def test_shapes_are_blended_with_the_drawn_opacity_and_leave_the_rest():
    op = RandomShapes(inputs="x", intensity_range=(0, 0), transparency_range=(0.5, 0.5), max_shapes=4)
    for index in range(4):
        out = op.forward(RGB, SampleState("train", index=index))
        changed = np.any(out != RGB, axis=-1)
        assert changed.sum() >= 3  # at least one shape of side >= 2 (some pixels may round to themselves)
        inside = out != RGB
        np.testing.assert_array_equal(out[inside], (RGB[inside] * 0.5).astype("uint8"))  # black at opacity 0.5


def test_per_channel_colors_float_and_gray_images():
    op = RandomShapes(inputs=["a", "b"], intensity_range=((0, 0), (100, 100), (0, 0)), transparency_range=(1, 1))
    color, gray = op.forward([np.ones((12, 12, 3), "float32"), np.full((12, 12), 255, "uint8")],
                             SampleState("train"))
    shaped = np.any(color != 1.0, axis=-1)
    assert shaped.any() and np.allclose(color[shaped], [0.0, 100 / 255, 0.0])  # floats are in [0, 1]
    assert gray.shape == (12, 12) and (gray < 255).any()
    sizes = RandomShapes(inputs="x", max_size=3, intensity_range=(0, 0), transparency_range=(1, 1))
    for index in range(5):
        rows, cols = np.nonzero(sizes.forward(np.full((16, 16), 255, "uint8"), SampleState("train", index=index)) == 0)
        assert 0 < len(rows) <= 3 * 9  # at most 3 shapes, each within a 3 x 3 box


def test_rua_level_and_errors():
    op = RandomShapes(inputs="x", max_shapes=4, max_size=8, transparency_range=(0.2, 0.6))
    op.set_rua_level(0.5)
    assert (op.max_shapes, op.max_size) == (2, 4) and op.transparency_range == pytest.approx((0.2, 0.4))
    with pytest.raises(ConfigError, match="intensity_range"):
        RandomShapes(inputs="x", intensity_range=(0, 255))
    with pytest.raises(ConfigError, match="transparency_range"):
        RandomShapes(inputs="x", transparency_range=(0.5, 1.5))
