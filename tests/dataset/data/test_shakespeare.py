import numpy as np
import pytest

from kerasfe.dataset.data import shakespeare
from kerasfe.errors import DataError

TEXT = "First Citizen:\nBefore we proceed, hear me speak.\n\nAll:\nSpeak, speak — ay.\n"


def test_shakespeare_cuts_the_text_into_character_id_sequences(tmp_path):
    (tmp_path / "Shakespeare").mkdir()
    (tmp_path / "Shakespeare" / "shakespeare.txt").write_bytes(TEXT.encode("utf-8"))
    train, vocab = shakespeare.load_data(root_dir=str(tmp_path), seq_length=8)
    assert vocab == sorted(set(TEXT)) and "—" in vocab
    ids = train["x"]
    assert ids.shape == (-(-len(TEXT) // 8), 8) and ids.dtype == np.int64
    assert "".join(vocab[i] for i in ids.ravel()[:len(TEXT)]) == TEXT
    assert not ids.ravel()[len(TEXT):].any()  # the last sequence padded with id 0


def test_shakespeare_adds_no_padding_row_when_the_length_divides_evenly(tmp_path):
    (tmp_path / "Shakespeare").mkdir()
    (tmp_path / "Shakespeare" / "shakespeare.txt").write_text("abcdef")
    train, vocab = shakespeare.load_data(root_dir=str(tmp_path), seq_length=3)
    assert train["x"].tolist() == [[0, 1, 2], [3, 4, 5]]


def test_shakespeare_offline_is_a_clear_error(tmp_path, no_network):
    with pytest.raises(DataError, match=rf"folder '{tmp_path}/Shakespeare' as 'shakespeare.txt'"):
        shakespeare.load_data(root_dir=str(tmp_path))
    assert no_network == [shakespeare.SHAKESPEARE]
