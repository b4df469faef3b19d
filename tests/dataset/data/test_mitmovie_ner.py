import urllib.error

import pytest

from kerasfe.dataset.data import mitmovie_ner
from kerasfe.errors import DataError


def write_bio(path, sentences):
    """A `.bio` file as MIT publishes it: `tag<TAB>word` per line, a blank line after each sentence."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join("".join(f"{tag}\t{word}\n" for word, tag in sentence) + "\n" for sentence in sentences))


def test_mitmovie_reads_bio_files_into_sentences_with_one_tag_per_word(tmp_path):
    train = [[("show", "O"), ("me", "O"), ("films", "O"), ("with", "O"), ("tom", "B-ACTOR"), ("hanks", "I-ACTOR")],
             [("jaws", "B-TITLE")]]
    test = [[("who", "O"), ("directed", "O"), ("alien", "B-TITLE"), ("1979", "B-YEAR")]]
    write_bio(tmp_path / "MITMovie" / "engtrain.bio", train)
    write_bio(tmp_path / "MITMovie" / "engtest.bio", test)
    train_data, eval_data, words, tags = mitmovie_ner.load_data(root_dir=str(tmp_path))
    assert [len(train_data), len(eval_data)] == [2, 1]
    for data, sentences in ((train_data, train), (eval_data, test)):
        for index, sentence in enumerate(sentences):
            assert data[index]["x"] == " ".join(word for word, _ in sentence)
            assert data[index]["y"].tolist() == [tag for _, tag in sentence]
    assert words == {word for sentence in train + test for word, _ in sentence}
    assert tags == {"O", "B-ACTOR", "I-ACTOR", "B-TITLE", "B-YEAR"}


def test_mitmovie_offline_is_a_clear_error_naming_the_folder(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise urllib.error.URLError("network unreachable")
    monkeypatch.setattr("keras.src.utils.file_utils.urlretrieve", refuse)
    with pytest.raises(DataError, match=rf"cannot download 'https://groups.csail.mit.edu/sls/downloads/movie/"
                                        rf"engtrain.bio' into '{tmp_path}/MITMovie'.*by hand as 'engtrain.bio'"):
        mitmovie_ner.load_data(root_dir=str(tmp_path))
