import numpy as np
import pytest
from scipy.io import savemat

from kerasfe.dataset.data import svhn_cropped
from kerasfe.errors import DataError


def write_mat(path, images, labels):
    """A format-2 SVHN file: X (32, 32, 3, N) uint8, y (N, 1) with 10 for the digit 0."""
    savemat(path, {"X": np.transpose(images, (1, 2, 3, 0)), "y": labels.reshape(-1, 1)})


def test_svhn_cropped_reads_images_and_maps_label_10_to_0(tmp_path):
    folder = tmp_path / "SVHN_Cropped"
    folder.mkdir()
    rng = np.random.default_rng(0)
    images = {"train": rng.integers(0, 256, (5, 32, 32, 3), dtype="uint8"),
              "test": rng.integers(0, 256, (2, 32, 32, 3), dtype="uint8")}
    labels = {"train": np.array([10, 1, 2, 10, 9], "uint8"), "test": np.array([3, 10], "uint8")}
    for part in images:
        write_mat(folder / f"{part}_32x32.mat", images[part], labels[part])
    train, test = svhn_cropped.load_data(root_dir=str(tmp_path))
    for data, part in ((train, "train"), (test, "test")):
        np.testing.assert_array_equal(data["x"], images[part])
        assert data["y"].ravel().tolist() == [0 if label == 10 else int(label) for label in labels[part]]
    assert train[1]["x"].shape == (32, 32, 3) and train[1]["y"].shape == (1,)


def test_svhn_cropped_refuses_a_mat_file_without_x_and_y(tmp_path):
    (tmp_path / "SVHN_Cropped").mkdir()
    savemat(tmp_path / "SVHN_Cropped" / "train_32x32.mat", {"images": np.zeros(3)})
    with pytest.raises(DataError, match=r"train_32x32.mat' has no 'X' and 'y' arrays \(it has \['images'\]\)"):
        svhn_cropped.load_data(root_dir=str(tmp_path))


def test_svhn_cropped_offline_is_a_clear_error(tmp_path, no_network):
    with pytest.raises(DataError, match=rf"folder '{tmp_path}/SVHN_Cropped' as 'train_32x32.mat'"):
        svhn_cropped.load_data(root_dir=str(tmp_path))
    assert no_network == ["http://ufldl.stanford.edu/housenumbers/train_32x32.mat"]


def test_reading_a_one_sample_file_leaves_pythons_cached_bytes_alone(tmp_path):
    path = tmp_path / "test_32x32.mat"
    savemat(path, {"X": np.zeros((32, 32, 3, 1), "uint8"), "y": np.array([[10]], "uint8")})
    images, labels = svhn_cropped.read_mat(str(path))
    assert labels.tolist() == [[0]] and images.shape == (1, 32, 32, 3)
    assert bytes([10]) == b"\n" and list(b"\n") == [10]  # label 10 is byte 10: it must not be written in place
