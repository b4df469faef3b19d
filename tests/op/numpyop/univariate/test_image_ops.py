import numpy as np

from kerasfe.op.numpyop import Blur, Brightness, CoarseDropout, ColorJitter, Contrast, GaussianNoise, Solarize, ToGray
from kerasfe.op.numpyop.state import SampleState


def test_image_ops_are_seeded_per_sample():
    image = np.random.default_rng(0).integers(0, 255, (16, 16, 3)).astype("uint8")
    ops = [Brightness(inputs="x"), Contrast(inputs="x"), GaussianNoise(inputs="x"), CoarseDropout(inputs="x"),
           ColorJitter(inputs="x"), Blur(inputs="x")]
    for op in ops:
        first = op.forward(image, SampleState("train", seed=1, index=3))
        again = op.forward(image, SampleState("train", seed=1, index=3))
        other = op.forward(image, SampleState("train", seed=1, index=4))
        np.testing.assert_array_equal(first, again, err_msg=op.describe())
        assert first.shape == image.shape and not np.array_equal(first, other), op.describe()


def test_image_op_values():
    image = np.full((10, 10, 1), 1.0, "float32")
    holes = CoarseDropout(inputs="x", num_holes_range=(2, 2), hole_height_range=(3, 3), hole_width_range=(3, 3))
    out = holes.forward(image, SampleState("train"))
    assert 9 <= int((out == 0).sum()) <= 18 and set(np.unique(out)) <= {0.0, 1.0}
    gray = ToGray(inputs="x").forward(np.full((2, 2, 3), (90, 30, 200), "uint8"), SampleState("train"))
    assert np.all(gray == gray[..., :1]) and abs(int(gray[0, 0, 0]) - (0.299 * 90 + 0.587 * 30 + 0.114 * 200)) <= 1
    np.testing.assert_array_equal(
        Solarize(inputs="x", threshold_range=(0.5, 0.5)).forward(np.array([[0, 100, 200]], "uint8"),
                                                                 SampleState("train")), [[0, 100, 55]])
    bright = Brightness(inputs="x", limit=(0.2, 0.2)).forward(np.full((2, 2, 3), 100, "uint8"), SampleState("train"))
    assert np.all(bright == 151)
