"""IMDB movie reviews as word-index sequences padded to one length, labelled positive (1) or negative (0)."""
import numpy as np

from kerasfe.dataset.data.download import KERAS_DATASETS, fetch
from kerasfe.dataset.numpy_dataset import NumpyDataset


def load_data(max_len, vocab_size, cache_dir=None):
    """Returns (train, eval) NumpyDatasets {"x": int64 (N, max_len), "y": int64 (N,)}, as FastEstimator's
    `imdb_review.load_data` (which reads `tf.keras.datasets.imdb.load_data(maxlen=max_len,
    num_words=vocab_size)`).

    As Keras does: each split is shuffled (seed 113), each review becomes [1] + [word + 3] (1 starts a review,
    word ranks start at 4), reviews of `max_len` or more tokens are dropped, and tokens of rank `vocab_size` or
    more become 2; then the reviews are padded with 0 at the end to `max_len`. `imdb.npz` is downloaded once into
    `<cache_dir>/datasets` (default `~/.keras/datasets`, where Keras keeps it); without network, a DataError says
    where to put it.

    Example:
        >>> import os, tempfile
        >>> cache = tempfile.mkdtemp(); os.makedirs(os.path.join(cache, "datasets"))
        >>> reviews = np.empty(2, dtype=object); reviews[:] = [[1, 9], [4, 5, 6, 7]]
        >>> np.savez(os.path.join(cache, "datasets", "imdb.npz"), x_train=reviews, y_train=np.array([1, 0]),
        ...          x_test=reviews[:1], y_test=np.array([1]))
        >>> train, test = load_data(max_len=4, vocab_size=10, cache_dir=cache)
        >>> train["x"].tolist(), test["y"].tolist()
        ([[1, 4, 2, 0]], [1])
    """
    with np.load(fetch("imdb.npz", KERAS_DATASETS + "imdb.npz", cache_dir), allow_pickle=True) as arrays:
        splits = [(arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])]
    rng = np.random.RandomState(113)
    datasets = []
    for reviews, labels in splits:
        order = np.arange(len(reviews))
        rng.shuffle(order)
        rows, kept = [], []
        for index in order:
            words = [1] + [word + 3 for word in reviews[index]]
            if len(words) < max_len:
                rows.append([word if word < vocab_size else 2 for word in words] + [0] * (max_len - len(words)))
                kept.append(labels[index])
        datasets.append(NumpyDataset({"x": np.array(rows, "int64").reshape(-1, max_len), "y": np.array(kept)}))
    return tuple(datasets)
