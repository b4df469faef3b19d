"""scikit-learn's bundled 8x8 digits, enlarged to MNIST-like images: a data set that needs no download."""
import numpy as np


def load_data(image_size=28, eval_fraction=0.15, test_fraction=0.15, seed=0):
    """Returns (train, eval, test) dicts {"x": float32 (N, S, S, 1) in [0, 1], "y": int64 (N,)}.

    Each 8x8 image is enlarged by pixel repetition to the largest multiple of 8 that fits
    `image_size`, then zero-padded to `image_size` (28: 24x24 digits with a 2-pixel border, like
    MNIST). The 1797 samples are shuffled with `seed` and split by the given fractions.

    Example:
        >>> train, evaluation, test = load_data()
        >>> train["x"].shape, evaluation["x"].shape[1:], test["y"].dtype
        ((1257, 28, 28, 1), (28, 28, 1), dtype('int64'))
    """
    from sklearn.datasets import load_digits

    if image_size < 8:
        raise ValueError(f"digits.load_data: image_size must be at least 8; got {image_size}")
    digits = load_digits()
    scale = image_size // 8
    images = np.kron(digits.images / 16.0, np.ones((scale, scale)))
    before = (image_size - 8 * scale) // 2
    after = image_size - 8 * scale - before
    images = np.pad(images, ((0, 0), (before, after), (before, after)))[..., None].astype("float32")
    labels = digits.target.astype("int64")
    order = np.random.default_rng(seed).permutation(len(labels))
    test_size, eval_size = round(len(order) * test_fraction), round(len(order) * eval_fraction)
    parts = np.split(order, [len(order) - eval_size - test_size, len(order) - test_size])
    return tuple({"x": images[rows], "y": labels[rows]} for rows in parts)
