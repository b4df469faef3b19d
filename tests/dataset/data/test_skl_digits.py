import numpy as np
from sklearn.datasets import load_digits

from kerasfe.dataset.data import skl_digits
from kerasfe.dataset.numpy_dataset import NumpyDataset


def test_skl_digits_is_scikit_learns_digits_under_the_given_keys():
    data = skl_digits.load_data(image_key="image", label_key="label")
    reference = load_digits()
    assert isinstance(data, NumpyDataset) and len(data) == 1797
    np.testing.assert_array_equal(data["image"], reference.images)
    np.testing.assert_array_equal(data["label"], reference.target)
    assert data[5]["image"].shape == (8, 8) and int(data[5]["label"]) == reference.target[5]


def test_skl_digits_default_keys_are_x_and_y():
    assert sorted(skl_digits.load_data()[0]) == ["x", "y"]
