import numpy as np
import pytest

from kerasfe.dataset.data import medmnist
from kerasfe.errors import ConfigError, DataError


def test_medmnist_reads_the_three_splits_of_the_npz(tmp_path):
    (tmp_path / "medmnist").mkdir()
    rng = np.random.default_rng(0)
    arrays = {f"{split}_images": rng.integers(0, 256, (count, 28, 28, 28), dtype="uint8")
              for split, count in (("train", 4), ("val", 2), ("test", 3))}
    arrays.update({f"{split}_labels": rng.integers(0, 3, (len(arrays[f"{split}_images"]), 1), dtype="uint8")
                   for split in ("train", "val", "test")})
    np.savez(tmp_path / "medmnist" / "organmnist3d.npz", **arrays)
    datasets = medmnist.load_data("organmnist3d", root_dir=str(tmp_path), image_key="image", label_key="label")
    for dataset, split in zip(datasets, ("train", "val", "test")):
        np.testing.assert_array_equal(dataset["image"], arrays[f"{split}_images"])
        np.testing.assert_array_equal(dataset["label"], arrays[f"{split}_labels"])
        assert dataset["label"].dtype == np.uint8


def test_unknown_name_and_offline_errors(tmp_path, no_network):
    with pytest.raises(ConfigError, match="unknown dataset_name 'mnist'.*'bloodmnist'"):
        medmnist.load_data("mnist", root_dir=str(tmp_path))
    with pytest.raises(DataError, match=rf"folder '{tmp_path}/medmnist' as 'bloodmnist.npz'"):
        medmnist.load_data("bloodmnist", root_dir=str(tmp_path))
    assert no_network == ["https://drive.google.com/uc?export=download&confirm=t&id=17r9NENUnUoqnWZ-zJaveLU40R746A-ul"]
