import io
import tarfile

import pytest

from kerasfe.dataset.data import food101
from kerasfe.errors import DataError


def test_food101_splits_follow_the_meta_files_and_labels_classes_txt(tmp_path):
    folder = tmp_path / "Food_101"
    folder.mkdir()
    meta = {"classes.txt": "apple_pie\nbaby_back_ribs\nbaklava\n", "train.txt": "baklava/1\napple_pie/7\nbaklava/2\n",
            "test.txt": "baby_back_ribs/5\n"}
    with tarfile.open(folder / "food-101.tar.gz", "w:gz") as tar:
        for name, text in meta.items():
            member = tarfile.TarInfo(f"food-101/meta/{name}")
            member.size = len(text)
            tar.addfile(member, io.BytesIO(text.encode()))
    train, test = food101.load_data(root_dir=str(tmp_path))
    assert sorted((str(s["image"]), int(s["label"])) for s in train) == [
        ("food-101/images/apple_pie/7.jpg", 0), ("food-101/images/baklava/1.jpg", 2),
        ("food-101/images/baklava/2.jpg", 2)]
    assert [(str(s["image"]), int(s["label"])) for s in test] == [("food-101/images/baby_back_ribs/5.jpg", 1)]
    assert train.parent_path == str(folder) and (folder / "train.csv").exists()


def test_offline_error_names_the_archive_and_folder(tmp_path, no_network):
    with pytest.raises(DataError, match=rf"'http://data.vision.ee.ethz.ch/cvl/food-101.tar.gz'.*"
                                        rf"folder '{tmp_path}/Food_101' as 'food-101.tar.gz'"):
        food101.load_data(root_dir=str(tmp_path))
