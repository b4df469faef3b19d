import albumentations as A
import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop import (Affine, CenterCrop, HorizontalFlip, PadIfNeeded, RandomCrop, RandomResizedCrop,
                                Resize, Rotate, ShiftScaleRotate, VerticalFlip)
from kerasfe.op.numpyop.state import SampleState

IMAGE = np.arange(48, dtype="uint8").reshape(6, 8)
MASK = (IMAGE % 3 == 0).astype("uint8")
KEYS = dict(image_in="x", mask_in="m", bbox_in="box", keypoints_in="kp")


def sample():
    return {"x": IMAGE.copy(), "m": MASK.copy(), "box": np.array([[1, 2, 4, 5, 7]], "float32"),
            "kp": np.array([[2.0, 3.0]], "float32")}


def test_horizontal_flip_moves_mask_boxes_and_keypoints():
    data = sample()
    HorizontalFlip(**KEYS).apply(data, SampleState("train"))
    np.testing.assert_array_equal(data["x"], IMAGE[:, ::-1])
    np.testing.assert_array_equal(data["m"], MASK[:, ::-1])
    np.testing.assert_allclose(data["box"], [[8 - 4, 2, 8 - 1, 5, 7]], atol=1e-4)  # label column kept
    np.testing.assert_allclose(data["kp"], [[8 - 1 - 2, 3]], atol=1e-4)


def test_vertical_flip_and_center_crop():
    data = sample()
    VerticalFlip(**KEYS).apply(data, SampleState("train"))
    np.testing.assert_array_equal(data["m"], MASK[::-1])
    np.testing.assert_allclose(data["box"][0, :4], [1, 6 - 5, 4, 6 - 2], atol=1e-4)
    data = sample()
    CenterCrop(4, 4, **KEYS).apply(data, SampleState("train"))
    np.testing.assert_array_equal(data["x"], IMAGE[1:5, 2:6])
    np.testing.assert_allclose(data["kp"], [[0, 2]], atol=1e-4)


def test_random_crop_keeps_image_and_mask_aligned_and_outputs_to_new_keys():
    for index in range(5):
        data = sample()
        RandomCrop(3, 5, image_in="x", mask_in="m", image_out="x2", mask_out="m2").apply(
            data, SampleState("train", index=index))
        top, left = np.argwhere(IMAGE == data["x2"][0, 0])[0]
        np.testing.assert_array_equal(data["x2"], IMAGE[top:top + 3, left:left + 5])
        np.testing.assert_array_equal(data["m2"], MASK[top:top + 3, left:left + 5])
        np.testing.assert_array_equal(data["x"], IMAGE)


def test_pad_resize_rotate_affine():
    padded = PadIfNeeded(min_height=8, min_width=10, fill=255, image_in="x").forward([IMAGE], SampleState("train"))[0]
    np.testing.assert_array_equal(padded[1:7, 1:9], IMAGE)
    assert padded[0].tolist() == [255] * 10
    resized, mask = Resize(12, 16, image_in="x", mask_in="m").forward([IMAGE, MASK], SampleState("train"))
    assert resized.shape == (12, 16) and np.array_equal(mask[::2, ::2], MASK)
    rotated = Rotate(limit=(180, 180), image_in="x").forward([IMAGE[:, 1:7]], SampleState("train"))[0]
    np.testing.assert_array_equal(rotated, IMAGE[::-1, 6:0:-1])
    _, points = Affine(scale=2.0, image_in="x", keypoints_in="k").forward(
        [np.zeros((9, 9), "uint8"), np.array([[4.0, 4.0], [5.0, 4.0]])], SampleState("train"))
    np.testing.assert_allclose(points, [[4, 4], [6, 4]], atol=1e-3)
    assert RandomResizedCrop(5, 7, image_in="x").forward([IMAGE], SampleState("train"))[0].shape == (5, 7)
    same = ShiftScaleRotate(shift_limit=0, scale_limit=0, rotate_limit=0, image_in="x")
    np.testing.assert_array_equal(same.forward([IMAGE], SampleState("train"))[0], IMAGE)


def test_bad_keys():
    with pytest.raises(ConfigError, match="give at least one of image_in"):
        HorizontalFlip()
    with pytest.raises(ConfigError, match="mask_out is set but mask_in is not"):
        HorizontalFlip(image_in="x", mask_out="m")
    with pytest.raises(ConfigError, match="need an image_in"):
        HorizontalFlip(mask_in="m", bbox_in="b")


def batch_state(seed):
    return {"mode": "train", "rng": np.random.default_rng(seed)}


def test_batch_forms_equal_albumentations_per_sample_with_the_same_parameters():
    images = np.random.default_rng(1).integers(0, 255, (32, 6, 8, 3)).astype("uint8")
    masks = (images[..., 0] > 127).astype("uint8")
    crop = RandomCrop(4, 5, image_in="x", mask_in="m")
    tops, lefts = crop.batch_params(images.shape, batch_state(7))
    assert set(tops.tolist()) == {0, 1, 2} and set(lefts.tolist()) == {0, 1, 2, 3}  # every window gets drawn
    pad = A.PadIfNeeded(9, 11, border_mode=0, fill=(1, 2, 3), fill_mask=5)

    def random_crop(index, image, mask):
        coords = (lefts[index], tops[index], lefts[index] + 5, tops[index] + 4)
        return {"image": A.RandomCrop(4, 5).apply(image, coords), "mask": A.RandomCrop(4, 5).apply(mask, coords)}

    checks = [(crop, random_crop),
              (HorizontalFlip(image_in="x", mask_in="m"),
               lambda i, image, mask: A.HorizontalFlip(p=1.0)(image=image, mask=mask)),
              (VerticalFlip(image_in="x", mask_in="m"),
               lambda i, image, mask: A.VerticalFlip(p=1.0)(image=image, mask=mask)),
              (CenterCrop(3, 4, image_in="x", mask_in="m"), lambda i, image, mask: A.CenterCrop(3, 4)(image=image,
                                                                                                      mask=mask)),
              (PadIfNeeded(9, 11, fill=(1, 2, 3), fill_mask=5, image_in="x", mask_in="m"),
               lambda i, image, mask: pad(image=image, mask=mask))]
    for op, albumentation in checks:
        assert op.has_batch_form()
        out_images, out_masks = op.forward_batch([images, masks], batch_state(7))
        for index in range(len(images)):
            expected = albumentation(index, images[index], masks[index])
            np.testing.assert_array_equal(out_images[index], expected["image"], err_msg=op.describe())
            np.testing.assert_array_equal(out_masks[index], expected["mask"], err_msg=op.describe())
    assert not HorizontalFlip(image_in="x", bbox_in="b").has_batch_form()  # boxes differ in count per sample
    with pytest.raises(ValueError, match=r"crop size \(7, 5\) exceeds the image size \(6, 8\)"):
        RandomCrop(7, 5, image_in="x").forward_batch([images], batch_state(0))


def test_flip_rotate90_and_transpose():
    from kerasfe.op.numpyop.multivariate import Flip, RandomRotate90, Transpose
    image = IMAGE[:, :6]
    seen = set()
    for index in range(12):
        data = sample()
        data["x"], data["m"] = image.copy(), MASK[:, :6].copy()
        Flip(**KEYS).apply(data, SampleState("train", index=index))
        options = {"h": (image[:, ::-1], [[6 - 4, 2, 6 - 1, 5, 7]]), "v": (image[::-1], [[1, 6 - 5, 4, 6 - 2, 7]]),
                   "hv": (image[::-1, ::-1], [[6 - 4, 6 - 5, 6 - 1, 6 - 2, 7]])}
        kind = next(name for name, (flipped, _) in options.items() if np.array_equal(data["x"], flipped))
        np.testing.assert_array_equal(data["m"], MASK[:, :6][::-1 if "v" in kind else 1, ::-1 if "h" in kind else 1])
        np.testing.assert_allclose(data["box"], options[kind][1], atol=1e-4)
        seen.add(kind)
        rotated = RandomRotate90(image_in="x").forward([image], SampleState("train", index=index))[0]
        assert any(np.array_equal(rotated, np.rot90(image, turns)) for turns in range(4))
    assert seen == {"h", "v", "hv"}
    data = sample()
    Transpose(**KEYS).apply(data, SampleState("train"))
    np.testing.assert_array_equal(data["x"], IMAGE.T)
    np.testing.assert_allclose(data["box"], [[2, 1, 5, 4, 7]], atol=1e-4)
    np.testing.assert_allclose(data["kp"], [[3, 2]], atol=1e-4)
    batch = np.stack([IMAGE, IMAGE + 1])
    np.testing.assert_array_equal(Transpose(image_in="x").forward_batch([batch], SampleState("train"))[0],
                                  batch.transpose(0, 2, 1))


def test_fastestimator_parameter_names_of_the_geometric_ops():
    import inspect

    import cv2
    from tests.op.numpyop.albumentations_reference import reference
    assert list(inspect.signature(Rotate).parameters)[-14:] == [
        "mode", "ds_id", "image_in", "mask_in", "masks_in", "bbox_in", "keypoints_in", "image_out", "mask_out",
        "masks_out", "bbox_out", "keypoints_out", "bbox_params", "keypoint_params"]
    padded, mask = PadIfNeeded(8, 10, value=3, mask_value=4, image_in="x", mask_in="m").forward(
        [IMAGE, MASK], SampleState("train"))
    assert padded[0, 0] == 3 and mask[0, 0] == 4
    reflected = PadIfNeeded(8, 10, border_mode=cv2.BORDER_REFLECT_101, image_in="x")
    assert not reflected.has_batch_form()
    np.testing.assert_array_equal(reflected.forward([IMAGE], SampleState("train"))[0],
                                  cv2.copyMakeBorder(IMAGE, 1, 1, 1, 1, cv2.BORDER_REFLECT_101))
    for op, transform in [
            (Rotate(limit=30, border_mode=cv2.BORDER_REFLECT_101, interpolation=cv2.INTER_NEAREST, image_in="x"),
             A.Rotate(limit=30, border_mode=cv2.BORDER_REFLECT_101, interpolation=cv2.INTER_NEAREST, p=1.0)),
            (ShiftScaleRotate(value=5, interpolation=cv2.INTER_CUBIC, image_in="x"),
             A.Affine(scale=(0.9, 1.1), translate_percent=(-0.0625, 0.0625), rotate=(-45, 45),
                      interpolation=cv2.INTER_CUBIC, fill=5, p=1.0)),
            (Affine(rotate=10, translate=(1, 2), border_handling="reflect", interpolation="bicubic", image_in="x"),
             A.Affine(rotate=10, translate_px=(1, 2), border_mode=cv2.BORDER_REFLECT_101,
                      interpolation=cv2.INTER_CUBIC, p=1.0)),
            (Affine(translate=0.1, fill_value=8, image_in="x"),
             A.Affine(translate_percent=0.1, fill=8, fill_mask=8, p=1.0)),
            (RandomResizedCrop(5, 7, interpolation=cv2.INTER_AREA, image_in="x"),
             A.RandomResizedCrop(size=(5, 7), interpolation=cv2.INTER_AREA, p=1.0))]:
        np.testing.assert_array_equal(op.forward([IMAGE], SampleState("train", index=2))[0],
                                      reference(transform, 2, image=IMAGE)["image"], err_msg=op.describe())
    _, mask = Affine(translate=(3, 3), fill_value=6, image_in="x", mask_in="m").forward([IMAGE, MASK],
                                                                                         SampleState("train"))
    assert mask[0, 0] == 6  # masks get the image's fill_value unless fill_value_mask is given
    with pytest.raises(ConfigError, match="interpolation"):
        Affine(interpolation="lanczos", image_in="x")
