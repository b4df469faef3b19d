"""The complete works of Shakespeare as one text (TensorFlow's copy), for character-level language models."""
import os

import numpy as np

from kerasfe.dataset.data.data_files import data_folder, download
from kerasfe.dataset.numpy_dataset import NumpyDataset

SHAKESPEARE = "https://storage.googleapis.com/download.tensorflow.org/data/shakespeare.txt"


def load_data(root_dir=None, seq_length=100):
    """Returns (train, vocab): a NumpyDataset {"x": int64 (seq_length,) character ids} and the sorted list of the
    text's characters that the ids index, as FastEstimator's `shakespeare.load_data`.

    The UTF-8 text is cut into consecutive sequences of `seq_length` characters, the last one padded with id 0
    (FastEstimator pads the same way, but appends a whole row of zeros when the length divides evenly; kerasfe
    adds no such row). `shakespeare.txt` is downloaded once from
    https://storage.googleapis.com/download.tensorflow.org/data/shakespeare.txt into `<root_dir>/Shakespeare`
    (default `~/.keras/datasets/Shakespeare`); without network, a DataError says where to put it.

    Example:
        >>> import os, tempfile
        >>> root = tempfile.mkdtemp(); os.makedirs(os.path.join(root, "Shakespeare"))
        >>> _ = open(os.path.join(root, "Shakespeare", "shakespeare.txt"), "w").write("to be")
        >>> train, vocab = load_data(root, seq_length=3)
        >>> vocab, train["x"].tolist()
        ([' ', 'b', 'e', 'o', 't'], [[4, 3, 0], [1, 2, 0]])
    """
    path = download("shakespeare.load_data", SHAKESPEARE,
                    os.path.join(data_folder(root_dir, "Shakespeare"), "shakespeare.txt"))
    with open(path, "rb") as file:
        text = file.read().decode("utf-8")
    vocab = sorted(set(text))
    char_ids = {char: index for index, char in enumerate(vocab)}
    ids = np.zeros(-(-len(text) // seq_length) * seq_length, "int64")
    ids[:len(text)] = [char_ids[char] for char in text]
    return NumpyDataset({"x": ids.reshape(-1, seq_length)}), vocab
