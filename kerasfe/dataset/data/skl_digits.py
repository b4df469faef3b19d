"""scikit-learn's bundled 8x8 handwritten digits (1797 images), as FastEstimator's `skl_digits`: no download."""
from kerasfe.dataset.numpy_dataset import NumpyDataset


def load_data(image_key="x", label_key="y"):
    """Returns one NumpyDataset {image_key: float64 (8, 8) image, pixel values 0-16, label_key: int class 0-9} of
    scikit-learn's `load_digits()`, in its order, as FastEstimator's `skl_digits.load_data` (for MNIST-like 28x28
    images in train / eval / test splits, see `kerasfe.dataset.data.digits`).

    Example:
        >>> data = load_data(image_key="image")
        >>> len(data), data["image"].shape[1:], int(data[0]["y"])
        (1797, (8, 8), 0)
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    return NumpyDataset({image_key: digits.images, label_key: digits.target})
