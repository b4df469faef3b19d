import numpy as np

from kerasfe.dataset.data import digits


def test_splits_are_disjoint_and_images_are_padded():
    train, evaluation, test = digits.load_data(image_size=28, seed=1)
    assert len(train["y"]) + len(evaluation["y"]) + len(test["y"]) == 1797
    assert train["x"].shape[1:] == (28, 28, 1) and train["x"].dtype == np.float32
    assert train["x"][:, :2].max() == 0 and 0.99 <= train["x"].max() <= 1.0
    sums = {round(float(image.sum()), 4) for image in test["x"]}
    assert len(sums & {round(float(image.sum()), 4) for image in train["x"][:20]}) < 20


def test_other_sizes_center_the_digit():
    train, _, _ = digits.load_data(image_size=12)
    assert train["x"].shape[1:] == (12, 12, 1) and train["x"][:, :2].max() == 0
