import urllib.error

import numpy as np
import pytest

from kerasfe.dataset.data import penn_treebank
from kerasfe.errors import DataError

TEXTS = {"train": " the cat sat on the mat \n the dog <unk> \n", "valid": " the dog sat \n",
         "test": " the cat on the mat \n"}


def write_ptb(root):
    folder = root / "PennTreeBank"
    folder.mkdir()
    for part, text in TEXTS.items():  # as published: a leading space, words split by spaces, one sentence a line
        (folder / f"ptb.{part}.txt").write_text(text)


def test_penn_treebank_cuts_each_text_into_sequences_of_training_vocabulary_ids(tmp_path):
    write_ptb(tmp_path)
    train, evaluation, test, vocab = penn_treebank.load_data(root_dir=str(tmp_path), seq_length=3)
    words = "the cat sat on the mat <eos> the dog <unk> <eos>".split()
    assert vocab == sorted(set(words))
    np.testing.assert_array_equal(train["x"], np.array([vocab.index(w) for w in words[:9]]).reshape(3, 3))
    valid_words = "the dog sat".split()  # 4 words with <eos>: the incomplete second sequence is dropped
    np.testing.assert_array_equal(evaluation["x"], [[vocab.index(w) for w in valid_words]])
    assert train["x"].dtype == np.int64 and len(test) == 2  # "the cat on the mat <eos>"


def test_penn_treebank_refuses_words_missing_from_the_training_text(tmp_path):
    write_ptb(tmp_path)
    (tmp_path / "PennTreeBank" / "ptb.test.txt").write_text(" a zebra \n")
    with pytest.raises(DataError, match=r"ptb.test.txt' has words missing from ptb.train.txt \(\['a', 'zebra'\]\)"):
        penn_treebank.load_data(root_dir=str(tmp_path))


def test_penn_treebank_keeps_a_text_that_divides_evenly_and_returns_paths_on_request(tmp_path):
    write_ptb(tmp_path)
    train, *_ = penn_treebank.load_data(root_dir=str(tmp_path), seq_length=11)  # 11 words: one whole sequence
    assert train["x"].shape == (1, 11)
    paths = penn_treebank.load_data(root_dir=str(tmp_path), return_text_path=True)
    assert paths[:3] == tuple(str(tmp_path / "PennTreeBank" / f"ptb.{p}.txt") for p in ("train", "valid", "test"))


def test_penn_treebank_offline_is_a_clear_error(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise urllib.error.URLError("network unreachable")
    monkeypatch.setattr("keras.src.utils.file_utils.urlretrieve", refuse)
    with pytest.raises(DataError, match=rf"ptb.train.txt' into '{tmp_path}/PennTreeBank'.*by hand"):
        penn_treebank.load_data(root_dir=str(tmp_path))
