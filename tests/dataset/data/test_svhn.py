import os
import tarfile

import h5py
import numpy as np
import pytest
from PIL import Image

from kerasfe.dataset.data import svhn
from kerasfe.errors import DataError

DIGITS = {"train": {"1.png": [(1, 10, 5, 8, 12), (9, 19, 6, 7, 12)], "2.png": [(10, 3, 2, 6, 11)]},
          "test": {"1.png": [(2, 4, 4, 5, 9), (3, 9, 4, 5, 9), (5, 14, 4, 5, 9)]}}  # (label, left, top, width, height)


def write_digit_struct(path, images):
    """digitStruct.mat as SVHN's MATLAB 7.3 (HDF5) files hold it: per image a reference to its name (uint16 char
    codes) and to a bbox group of height/label/left/top/width, each inline for one digit or references for more."""
    with h5py.File(path, "w") as file:
        refs = file.create_group("#refs#")
        names, boxes = [], []
        for index, (name, digits) in enumerate(images.items()):
            names.append(refs.create_dataset(f"n{index}", data=np.array([[ord(c)] for c in name], "uint16")).ref)
            box = refs.create_group(f"b{index}")
            for column, field in enumerate(("label", "left", "top", "width", "height")):
                values = [float(digit[column]) for digit in digits]
                if len(values) == 1:
                    box.create_dataset(field, data=[[values[0]]])
                else:
                    value_refs = [refs.create_dataset(f"v{index}_{field}_{i}", data=[[value]]).ref
                                  for i, value in enumerate(values)]
                    box.create_dataset(field, data=np.array(value_refs).reshape(-1, 1), dtype=h5py.ref_dtype)
            boxes.append(box.ref)
        file.create_dataset("digitStruct/name", data=np.array(names).reshape(-1, 1), dtype=h5py.ref_dtype)
        file.create_dataset("digitStruct/bbox", data=np.array(boxes).reshape(-1, 1), dtype=h5py.ref_dtype)


def test_svhn_reads_the_box_of_every_digit_from_digit_struct(tmp_path):
    folder = tmp_path / "SVHN"
    for mode, images in DIGITS.items():
        (tmp_path / "build" / mode).mkdir(parents=True)
        for name in images:
            Image.new("RGB", (30, 20)).save(tmp_path / "build" / mode / name)
        write_digit_struct(tmp_path / "build" / mode / "digitStruct.mat", images)
        folder.mkdir(exist_ok=True)
        with tarfile.open(folder / f"{mode}.tar.gz", "w:gz") as tar:
            tar.add(tmp_path / "build" / mode, arcname=mode)
    train, test = svhn.load_data(root_dir=str(tmp_path))
    for data, mode in ((train, "train"), (test, "test")):
        assert data.parent_path == str(folder)
        rows = {str(sample["image"]): [list(np.ravel(sample[key])) for key in ("label", "x1", "y1", "width", "height")]
                for sample in data}
        assert rows == {f"{mode}/{name}": [list(column) for column in zip(*digits)]
                        for name, digits in DIGITS[mode].items()}
        assert all(os.path.isfile(folder / str(sample["image"])) for sample in data)
    assert (folder / "train.pickle").exists()
    (folder / "train" / "digitStruct.mat").unlink()  # read once: later calls load train.pickle
    assert len(svhn.load_data(root_dir=str(tmp_path))[0]) == 2


def test_svhn_refuses_a_mat_file_without_digit_struct(tmp_path):
    for mode in ("train", "test"):
        (tmp_path / "SVHN" / mode).mkdir(parents=True)
        with h5py.File(tmp_path / "SVHN" / mode / "digitStruct.mat", "w") as file:
            file.create_dataset("other", data=[1])
    with pytest.raises(DataError, match=r"train/digitStruct.mat' has no digitStruct/name"):
        svhn.load_data(root_dir=str(tmp_path))


def test_svhn_offline_is_a_clear_error(tmp_path, no_network):
    with pytest.raises(DataError, match=rf"folder '{tmp_path}/SVHN' as 'train.tar.gz'"):
        svhn.load_data(root_dir=str(tmp_path))
    assert no_network == ["http://ufldl.stanford.edu/housenumbers/train.tar.gz"]
