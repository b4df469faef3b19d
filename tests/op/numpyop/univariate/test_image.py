import albumentations as A
import cv2
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
    reference = A.CoarseDropout(num_holes_range=(2, 2), hole_height_range=(3, 3), hole_width_range=(3, 3), fill=0,
                                p=1.0)
    state = SampleState("train")  # the same (seed, epoch, index) stream the op drew from
    reference.set_random_state(state["rng"], state["py_random"])
    np.testing.assert_array_equal(out, reference(image=image)["image"])
    assert int((out == 0).sum()) >= 9  # at least one full 3x3 hole is cut
    colors = np.full((2, 2, 3), (90, 30, 200), "uint8")
    gray = ToGray(inputs="x").forward(colors, SampleState("train"))
    np.testing.assert_array_equal(gray, np.repeat(cv2.cvtColor(colors, cv2.COLOR_RGB2GRAY)[..., None], 3, axis=-1))
    np.testing.assert_array_equal(
        Solarize(inputs="x", threshold_range=(0.5, 0.5)).forward(np.array([[0, 100, 200]], "uint8"),
                                                                 SampleState("train")), [[0, 100, 55]])
    bright = Brightness(inputs="x", limit=(0.2, 0.2)).forward(np.full((2, 2, 3), 100, "uint8"), SampleState("train"))
    assert np.all(bright == 151)


def test_coarse_dropout_batch_form_draws_holes_like_albumentations():
    images = np.random.default_rng(2).integers(1, 255, (300, 12, 10, 3)).astype("uint8")
    op = CoarseDropout(inputs="x", num_holes_range=(1, 3), hole_height_range=(2, 5), hole_width_range=(1, 4),
                       fill=(7, 8, 9))
    holes = op.draw_holes(images.shape, np.random.default_rng(3))
    real = (holes[..., 2] > holes[..., 0]) & (holes[..., 3] > holes[..., 1])
    assert holes.shape == (300, 3, 4) and set(real.sum(axis=1).tolist()) == {1, 2, 3}
    heights, widths = (holes[..., 3] - holes[..., 1])[real], (holes[..., 2] - holes[..., 0])[real]
    assert set(heights.tolist()) == {2, 3, 4, 5} and set(widths.tolist()) == {1, 2, 3, 4}
    assert holes[..., :2].min() == 0 and holes[..., 3].max() == 12 and holes[..., 2].max() == 10  # reach every edge
    out = op.forward_batch(images, {"mode": "train", "rng": np.random.default_rng(3)})
    for image, sample_holes, keep, dropped in zip(images, holes, real, out):
        expected = A.CoarseDropout(fill=(7, 8, 9)).apply(image, holes=sample_holes[keep], seed=0)
        np.testing.assert_array_equal(dropped, expected)
    fractions = CoarseDropout(inputs="x", hole_height_range=(0.25, 0.5), hole_width_range=(0.2, 0.2))
    holes = fractions.draw_holes((200, 12, 10), np.random.default_rng(4))[:, 0]
    assert set((holes[:, 3] - holes[:, 1]).tolist()) == {3, 4, 5}  # int(12 * u), u in [0.25, 0.5): 3.0 to 5.99
    assert set((holes[:, 2] - holes[:, 0]).tolist()) == {2}
    assert op.has_batch_form() and not CoarseDropout(inputs="x", fill="random").has_batch_form()


def test_fastestimator_parameter_names_map_to_albumentations_2():
    from tests.op.numpyop.albumentations_reference import RGB, assert_matches
    assert_matches(Blur(inputs="x", advanced=True, sigmaX_limit=(0.3, 0.6), rotate_limit=45),
                   A.AdvancedBlur(blur_limit=(3, 7), sigma_x_limit=(0.3, 0.6), sigma_y_limit=(0.2, 1.0),
                                  rotate_limit=45, p=1.0))
    assert_matches(CoarseDropout(inputs="x", max_holes=3, max_height=4, max_width=5, min_height=2, fill_value=9),
                   A.CoarseDropout(num_holes_range=(3, 3), hole_height_range=(2, 4), hole_width_range=(5, 5), fill=9,
                                   p=1.0))
    noisy = assert_matches(GaussianNoise(inputs="x", var_limit=(100.0, 400.0), mean=5.0),
                           A.GaussNoise(std_range=(10 / 255, 20 / 255), mean_range=(5 / 255, 5 / 255), p=1.0))
    assert 3 < float((noisy.astype(float) - RGB).mean()) < 7  # the mean shift, in pixels
    solarized = Solarize(inputs="x", threshold=100).forward(np.array([[99, 100, 200]], "uint8"), SampleState("train"))
    assert solarized.tolist() == [[99, 155, 55]]
