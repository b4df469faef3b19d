"""The MIT Movie corpus: movie questions with one BIO entity tag per word (named-entity recognition)."""
import os

import numpy as np

from kerasfe.dataset.data.download import fetch
from kerasfe.dataset.numpy_dataset import NumpyDataset

MIT_MOVIE = "https://groups.csail.mit.edu/sls/downloads/movie/"


def get_sentences_and_labels(path):
    """(sentences, tag lists, word set, tag set) of one `.bio` file: a `tag<TAB>word` line per word, a blank line
    after each sentence; each sentence is its words joined by spaces.

    Example:
        >>> import tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "engtest.bio")
        >>> _ = open(path, "w").write("O\\twho\\nB-ACTOR\\tsteve\\nI-ACTOR\\tmcqueen\\n\\nB-TITLE\\tjaws\\n\\n")
        >>> sentences, tags, words, labels = get_sentences_and_labels(path)
        >>> sentences, tags
        (['who steve mcqueen', 'jaws'], [['O', 'B-ACTOR', 'I-ACTOR'], ['B-TITLE']])
        >>> sorted(labels)
        ['B-ACTOR', 'B-TITLE', 'I-ACTOR', 'O']
    """
    sentences, labels, words, tags = [], [], [], []
    word_vocab, label_vocab = set(), set()
    with open(path, encoding="utf-8") as file:
        for line in list(file) + ["\n"]:
            fields = line.split()
            if fields:
                tags.append(fields[0])
                words.append(fields[1])
            elif words:
                sentences.append(" ".join(words))
                labels.append(tags)
                word_vocab.update(words)
                label_vocab.update(tags)
                words, tags = [], []
    return sentences, labels, word_vocab, label_vocab


def load_data(root_dir=None):
    """Returns (train, eval, word vocabulary, tag vocabulary) of the MIT Movie corpus (9775 / 2443 sentences).

    Each sample is {"x": the sentence (words joined by spaces), "y": object array of its BIO tags, one per word};
    both vocabularies are sets over train and eval. `engtrain.bio` and `engtest.bio` are downloaded once into
    `<root_dir>/MITMovie` (`root_dir` defaults to `~/fastestimator_data`, as in FastEstimator); offline, a DataError
    says where to copy them.

    Example:
        >>> import tempfile, os
        >>> root = tempfile.mkdtemp(); os.makedirs(os.path.join(root, "MITMovie"))
        >>> for name in ("engtrain.bio", "engtest.bio"):
        ...     _ = open(os.path.join(root, "MITMovie", name), "w").write("B-TITLE\\tjaws\\nO\\tplot\\n\\n")
        >>> train, evaluation, words, tags = load_data(root)
        >>> str(train[0]["x"]), train[0]["y"].tolist(), sorted(tags)
        ('jaws plot', ['B-TITLE', 'O'], ['B-TITLE', 'O'])
    """
    root_dir = os.path.abspath(root_dir) if root_dir else os.path.join(os.path.expanduser("~"), "fastestimator_data")
    parts, word_vocab, label_vocab = [], set(), set()
    for name in ("engtrain.bio", "engtest.bio"):
        sentences, labels, words, tags = get_sentences_and_labels(
            fetch(name, MIT_MOVIE + name, cache_dir=root_dir, cache_subdir="MITMovie"))
        word_vocab |= words
        label_vocab |= tags
        tag_lists = np.empty(len(labels), dtype=object)
        tag_lists[:] = [np.array(tags) for tags in labels]
        parts.append(NumpyDataset({"x": np.array(sentences), "y": tag_lists}))
    return parts[0], parts[1], word_vocab, label_vocab
