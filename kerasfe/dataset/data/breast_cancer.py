"""scikit-learn's bundled Wisconsin breast cancer data: 569 samples of 30 features, no download."""

from kerasfe.dataset.numpy_dataset import NumpyDataset


def load_data(eval_fraction=0.2, seed=0):
    """Returns (train, eval) NumpyDatasets {"x": float32 (N, 30), "y": int64 (N,)} (1 = benign), split by label.

    Example:
        >>> train, evaluation = load_data()
        >>> len(train), len(evaluation), tuple(train[0]["x"].shape)
        (455, 114, (30,))
    """
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer()
    train = NumpyDataset({"x": data.data.astype("float32"), "y": data.target.astype("int64")})
    evaluation = train.split(eval_fraction, stratify="y", seed=seed)
    return train, evaluation
