import gzip
import os
import pickle
import tarfile
import urllib.error

import numpy as np
import pytest

from kerasfe.dataset.data import cifar10, cifar100, fashion_mnist, imdb, mnist
from kerasfe.errors import DataError


@pytest.fixture
def offline(monkeypatch):
    def refuse(*args, **kwargs):
        raise urllib.error.URLError("network unreachable")
    monkeypatch.setattr("keras.src.utils.file_utils.urlretrieve", refuse)


@pytest.mark.parametrize("module", [mnist, fashion_mnist, cifar10, cifar100, imdb])
def test_download_impossible_is_a_clear_error(module, tmp_path, offline):
    with pytest.raises(DataError, match=rf"cannot download 'https://.*' into '{tmp_path}/datasets'.*by hand"):
        module.load_data(cache_dir=str(tmp_path))


def test_cached_files_are_read_without_network(tmp_path, offline):
    folder = tmp_path / "datasets"
    folder.mkdir()
    rng = np.random.default_rng(0)
    images, labels = rng.integers(0, 255, (3, 28, 28)).astype("uint8"), np.array([4, 1, 7], "uint8")
    np.savez(folder / "mnist.npz", x_train=images, y_train=labels, x_test=images[:1], y_test=labels[:1])
    train, evaluation = mnist.load_data(cache_dir=str(tmp_path))
    np.testing.assert_array_equal(train[2]["x"], images[2])
    assert int(train[2]["y"]) == 7 and len(evaluation) == 1
    for prefix in ("train", "t10k"):
        with gzip.open(folder / f"fashion-mnist-{prefix}-labels-idx1-ubyte.gz", "wb") as file:
            file.write(bytes(8) + labels.tobytes())
        with gzip.open(folder / f"fashion-mnist-{prefix}-images-idx3-ubyte.gz", "wb") as file:
            file.write(bytes(16) + images.tobytes())
    train, _ = fashion_mnist.load_data(cache_dir=str(tmp_path))
    np.testing.assert_array_equal(train[1]["x"], images[1])
    root = tmp_path / "cifar-100-python"
    os.makedirs(root)
    pixels = rng.integers(0, 255, (2, 3 * 32 * 32)).astype("uint8")
    for name in ("train", "test"):
        with open(root / name, "wb") as file:
            pickle.dump({b"data": pixels, b"fine_labels": [5, 9], b"coarse_labels": [1, 2]}, file)
    with tarfile.open(folder / "cifar-100-python-target_archive", "w:gz") as archive:
        archive.add(root, arcname="cifar-100-python")
    train, _ = cifar100.load_data(cache_dir=str(tmp_path), label_mode="coarse")
    assert train[1]["x"].shape == (32, 32, 3) and int(train[1]["y"]) == 2
    np.testing.assert_array_equal(train[0]["x"][..., 1], pixels[0, 1024:2048].reshape(32, 32))
    reviews = np.empty(2, dtype=object)
    reviews[:] = [[1, 5, 30], [2]]
    np.savez(folder / "imdb.npz", x_train=reviews, y_train=np.array([1, 0]), x_test=reviews, y_test=np.array([0, 1]))
    train, _ = imdb.load_data(cache_dir=str(tmp_path), num_words=10)
    assert train[0]["x"].tolist() == [1, 4, 8, 2] and int(train[1]["y"]) == 0
