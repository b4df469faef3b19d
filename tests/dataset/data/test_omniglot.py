import zipfile

import numpy as np
import pytest

from kerasfe.dataset.data import omniglot
from kerasfe.errors import DataError


def test_omniglot_classes_are_characters_of_each_alphabet(tmp_path):
    folder = tmp_path / "Omniglot"
    folder.mkdir()
    alphabets = {"images_background": ["Greek", "Latin"], "images_evaluation": ["Atemayar"]}
    for part, names in alphabets.items():
        with zipfile.ZipFile(folder / f"{part}.zip", "w") as archive:
            for alphabet in names:
                for character in ("character01", "character02"):
                    for drawing in range(3):
                        archive.writestr(f"{part}/{alphabet}/{character}/{drawing}.png", b"png")
    train, evaluation = omniglot.load_data(root_dir=str(tmp_path))
    assert len(train) == 12 and len(evaluation) == 6
    assert sorted(train.label_mapping) == ["Greek/character01", "Greek/character02", "Latin/character01",
                                           "Latin/character02"]
    assert train.class_data == {label: list(range(3 * label, 3 * label + 3)) for label in range(4)}
    np.random.seed(0)
    for index in range(12):
        sample = train[index]
        same = str(sample["x_a"]).rsplit("/", 1)[0] == str(sample["x_b"]).rsplit("/", 1)[0]
        assert int(sample["y"]) == int(same)


def test_offline_error_names_the_zip_and_folder(tmp_path, no_network):
    with pytest.raises(DataError, match=rf"folder '{tmp_path}/Omniglot' as 'images_background.zip'"):
        omniglot.load_data(root_dir=str(tmp_path))
