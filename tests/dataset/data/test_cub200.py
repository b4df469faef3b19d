import csv
import io
import os
import random
import tarfile

import pytest

from kerasfe.dataset.data import cub200
from kerasfe.errors import DataError


def add(tar, name, data=b""):
    member = tarfile.TarInfo(name)
    member.size = len(data)
    tar.addfile(member, io.BytesIO(data))


def test_cub200_extracts_both_archives_and_writes_the_csv(tmp_path):
    folder = tmp_path / "CUB200"
    folder.mkdir()
    images = {"002.Laysan_Albatross": ["Laysan_0001.jpg", "Laysan_0002.jpg"], "001.Black_footed_Albatross":
              ["Black_0001.jpg"], "._001.Black_footed_Albatross": []}
    with tarfile.open(folder / "images.tgz", "w:gz") as tar:
        for name, files in images.items():
            for file in files + ["._junk.jpg"]:
                add(tar, f"images/{name}/{file}")
    with tarfile.open(folder / "annotations.tgz", "w:gz") as tar:
        add(tar, "annotations-mat/001.Black_footed_Albatross/Black_0001.mat")
    random.seed(1)
    data = cub200.load_data(root_dir=str(tmp_path))
    rows = {str(sample["image"]): (int(sample["label"]), str(sample["annotation"])) for sample in data}
    assert rows == {"images/001.Black_footed_Albatross/Black_0001.jpg":
                    (0, "annotations-mat/001.Black_footed_Albatross/Black_0001.mat"),
                    "images/002.Laysan_Albatross/Laysan_0001.jpg":
                    (1, "annotations-mat/002.Laysan_Albatross/Laysan_0001.mat"),
                    "images/002.Laysan_Albatross/Laysan_0002.jpg":
                    (1, "annotations-mat/002.Laysan_Albatross/Laysan_0002.mat")}
    assert data.parent_path == str(folder)
    assert os.path.isfile(folder / "annotations-mat/001.Black_footed_Albatross/Black_0001.mat")
    with open(folder / "cub200.csv") as file:
        assert next(csv.reader(file)) == ["image", "label", "annotation"]
    assert [str(s["image"]) for s in cub200.load_data(root_dir=str(tmp_path))] == [str(s["image"]) for s in data]


def test_offline_error_names_the_archive_and_folder(tmp_path, no_network):
    with pytest.raises(DataError, match=rf"folder '{tmp_path}/CUB200' as 'images.tgz'"):
        cub200.load_data(root_dir=str(tmp_path))
