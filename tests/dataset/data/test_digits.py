import numpy as np
import pytest
from sklearn.datasets import load_digits

from kerasfe.dataset.data import digits


def as_rows(images, labels):
    """(pixels | label) rows sorted lexicographically: equal for two data sets holding the same samples."""
    table = np.column_stack([np.reshape(images, (len(images), -1)).astype("float64"), labels])
    return table[np.lexsort(table.T[::-1])]


@pytest.mark.parametrize("image_size, scale, border", [(28, 3, 2), (12, 1, 2), (17, 2, 0)])
def test_splits_hold_each_of_scikit_learns_digits_once_enlarged_and_centered(image_size, scale, border):
    parts = digits.load_data(image_size=image_size, seed=1)
    assert [len(part["y"]) for part in parts] == [1257, 270, 270]
    images = np.concatenate([part["x"] for part in parts])
    labels = np.concatenate([part["y"] for part in parts])
    assert images.shape[1:] == (image_size, image_size, 1) and images.dtype == np.float32
    assert labels.dtype == np.int64
    end = border + 8 * scale
    small = images[:, border:end:scale, border:end:scale, 0]  # each pixel repeated scale x scale
    np.testing.assert_array_equal(images[:, border:end, border:end, 0], np.kron(small, np.ones((scale, scale))))
    assert not np.any(np.delete(np.delete(images, np.s_[border:end], 1), np.s_[border:end], 2))  # zeros around
    reference = load_digits()
    np.testing.assert_array_equal(as_rows(small, labels),
                                  as_rows((reference.images / 16.0).astype("float32"), reference.target))
