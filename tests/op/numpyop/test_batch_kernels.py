"""The whole-batch kernels give, sample by sample, what albumentations gives for the same parameters."""
import albumentations as A
import numpy as np

from kerasfe.op.numpyop.batch_kernels import crop_batch, cutout_batch, pad_batch

RNG = np.random.default_rng(0)
COLOR = RNG.integers(0, 255, (6, 9, 7, 3)).astype("uint8")
GRAY = RNG.random((6, 9, 7)).astype("float32")


def test_crop_batch_equals_albumentations_crop_per_sample():
    for images in (COLOR, GRAY):
        tops, lefts = RNG.integers(0, 9 - 4 + 1, 6), RNG.integers(0, 7 - 5 + 1, 6)
        out = crop_batch(images, tops, lefts, 4, 5)
        assert out.shape == (6, 4, 5) + images.shape[3:] and out.flags.c_contiguous
        for image, top, left, cropped in zip(images, tops, lefts, out):
            expected = A.RandomCrop(4, 5).apply(image, crop_coords=(left, top, left + 5, top + 4))
            np.testing.assert_array_equal(cropped, expected)


def test_pad_batch_equals_albumentations_pad_if_needed():
    for images, fill in ((COLOR, (1, 2, 3)), (GRAY, 0.5)):
        transform = A.PadIfNeeded(min_height=12, min_width=12, border_mode=0, fill=fill, p=1.0)
        params = transform.get_params_dependent_on_data({"shape": images.shape[1:]}, {})
        assert (params["pad_top"], params["pad_bottom"], params["pad_left"], params["pad_right"]) == (1, 2, 2, 3)
        out = pad_batch(images, 1, 2, 2, 3, fill)
        for image, padded in zip(images, out):
            np.testing.assert_array_equal(padded, transform(image=image)["image"])


def test_cutout_batch_equals_albumentations_cutout_with_empty_holes_skipped():
    holes = np.array([[[0, 0, 3, 2], [4, 5, 7, 9]], [[2, 3, 2, 3], [1, 1, 1, 1]], [[6, 8, 7, 9], [0, 0, 0, 0]],
                      [[1, 1, 4, 4], [2, 2, 5, 6]], [[0, 0, 7, 9], [0, 0, 0, 0]], [[3, 0, 4, 9], [0, 4, 7, 5]]])
    for images, fill in ((COLOR, (9, 8, 7)), (GRAY, 0.25)):
        out = cutout_batch(images, holes, fill)
        assert not np.array_equal(out, images)
        for image, sample_holes, dropped in zip(images, holes, out):
            real = sample_holes[(sample_holes[:, 2] > sample_holes[:, 0]) & (sample_holes[:, 3] > sample_holes[:, 1])]
            expected = A.CoarseDropout(fill=fill).apply(image, holes=real, seed=0) if len(real) else image
            np.testing.assert_array_equal(dropped, expected)
