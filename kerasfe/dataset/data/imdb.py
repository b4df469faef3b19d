"""IMDB movie reviews as word-index sequences, labelled positive (1) or negative (0)."""
import numpy as np

from kerasfe.dataset.data.download import KERAS_DATASETS, fetch
from kerasfe.dataset.numpy_dataset import NumpyDataset


def load_data(cache_dir=None, num_words=None, start_char=1, oov_char=2, index_from=3):
    """Returns (train, eval) NumpyDatasets {"x": object array of int64 sequences, "y": int64}, 25000 each.

    As in Keras: word i (by frequency) becomes i + index_from, each review starts with `start_char`, and
    words ranked `num_words` or beyond become `oov_char`. Pad them with the PadSequence op.
    """
    with np.load(fetch("imdb.npz", KERAS_DATASETS + "imdb.npz", cache_dir), allow_pickle=True) as arrays:
        parts = [(arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])]
    datasets = []
    for reviews, labels in parts:
        sequences = np.empty(len(reviews), dtype=object)
        for row, review in enumerate(reviews):
            words = np.asarray([start_char] + [word + index_from for word in review], "int64")
            if num_words is not None:
                words[words >= num_words] = oov_char
            sequences[row] = words
        datasets.append(NumpyDataset({"x": sequences, "y": np.asarray(labels, "int64")}))
    return tuple(datasets)
