import os
import pickle
import tarfile

import numpy as np
import pytest

from kerasfe.dataset.data import cifar10
from kerasfe.errors import ConfigError


def write_cifar_archive(root, archive, folder, files, label_key):
    """A CIFAR archive in its real format (pickled batches of rows of 3072 channel-first bytes) under
    `<root>/datasets/<archive>`, where the loader's download would leave it. Returns {file: (images, labels)}."""
    rng = np.random.default_rng(0)
    batches, source = {}, os.path.join(root, "source", folder)
    os.makedirs(source)
    for file in files:
        images, labels = rng.integers(0, 256, (2, 3, 32, 32), dtype="uint8"), rng.integers(0, 10, 2)
        with open(os.path.join(source, file), "wb") as handle:
            pickle.dump({b"data": images.reshape(2, -1), label_key: labels.tolist()}, handle)
        batches[file] = (images, labels)
    os.makedirs(os.path.join(root, "datasets"))
    with tarfile.open(os.path.join(root, "datasets", archive), "w:gz") as tar:
        tar.add(source, arcname=folder)
    return batches


def test_cifar10_reads_the_archive_under_root_dir_with_the_keys_and_layout_asked(tmp_path):
    files = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    batches = write_cifar_archive(tmp_path, "cifar-10-python-target_archive", "cifar-10-batches-py", files,
                                  b"labels")
    train, evaluation = cifar10.load_data(root_dir=str(tmp_path), image_key="image", label_key="label",
                                          channels_last=False)
    expected = np.concatenate([batches[file][0] for file in files[:5]])
    np.testing.assert_array_equal(train.data["image"], expected)  # channels first: as stored
    np.testing.assert_array_equal(train.data["label"], np.concatenate([batches[file][1] for file in files[:5]]))
    assert sorted(evaluation.data) == ["image", "label"]
    train, _ = cifar10.load_data(root_dir=str(tmp_path))
    np.testing.assert_array_equal(train.data["x"], expected.transpose(0, 2, 3, 1))


def test_root_dir_and_a_different_cache_dir_are_refused(tmp_path):
    with pytest.raises(ConfigError, match="cifar10.load_data: root_dir .* and cache_dir .* pass one of them"):
        cifar10.load_data(root_dir=str(tmp_path), cache_dir=str(tmp_path / "other"))
