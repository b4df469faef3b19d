import keras
import numpy as np
import pytest

from kerasfe.dataset.data import imdb_review
from kerasfe.errors import DataError


def test_imdb_review_matches_keras_imdb_padded_as_fastestimator(tmp_path, monkeypatch):
    (tmp_path / "datasets").mkdir()
    path = tmp_path / "datasets" / "imdb.npz"
    rng = np.random.default_rng(0)
    splits = {}
    for split, count in (("train", 9), ("test", 7)):
        reviews = np.empty(count, dtype=object)
        reviews[:] = [rng.integers(1, 30, rng.integers(1, 9)).tolist() for _ in range(count)]
        splits[f"x_{split}"], splits[f"y_{split}"] = reviews, rng.integers(0, 2, count)
    np.savez(path, **splits)
    monkeypatch.setattr("keras.src.datasets.imdb.get_file", lambda **kwargs: str(path))
    (x_train, y_train), (x_eval, y_eval) = keras.datasets.imdb.load_data(maxlen=6, num_words=20)
    train, evaluation = imdb_review.load_data(max_len=6, vocab_size=20, cache_dir=str(tmp_path))
    for data, x, y in ((train, x_train, y_train), (evaluation, x_eval, y_eval)):  # FE: pad keras' reviews with 0
        np.testing.assert_array_equal(data["x"], [list(review) + [0] * (6 - len(review)) for review in x])
        np.testing.assert_array_equal(data["y"], y)
        assert data["x"].dtype == np.int64 and 0 < len(data) < 9


def test_offline_error_names_the_file_and_folder(tmp_path, no_network, monkeypatch):
    monkeypatch.setattr("keras.src.utils.file_utils.urlretrieve", no_network_retrieve)
    with pytest.raises(DataError, match=rf"into '{tmp_path}/datasets'.*as 'imdb.npz'"):
        imdb_review.load_data(10, 100, cache_dir=str(tmp_path))


def no_network_retrieve(*args, **kwargs):
    raise OSError("network unreachable")
