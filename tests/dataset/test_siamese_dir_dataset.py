import os

import numpy as np
import pytest

from kerasfe.dataset import SiameseDirDataset
from kerasfe.errors import ConfigError


@pytest.fixture
def folders(tmp_path):
    for name, count in (("a", 3), ("b", 2), ("c", 2), ("d", 1)):
        (tmp_path / name).mkdir()
        for index in range(count):
            (tmp_path / name / f"{index}.png").write_text("")
    return str(tmp_path)


def test_pairs_are_labelled_by_class_and_matching_share_follows_the_setting(folders):
    np.random.seed(0)
    data = SiameseDirDataset(folders, percent_matching_data=0.3)
    assert len(data) == 8 and data.class_data == {0: [0, 1, 2], 1: [3, 4], 2: [5, 6], 3: [7]}
    labels = []
    for _ in range(100):
        for index in range(7):  # class d has no second file, so its pairs never match
            sample = data[index]
            same = os.path.dirname(str(sample["x_a"])) == os.path.dirname(str(sample["x_b"]))
            assert int(sample["y"]) == int(same)
            assert str(sample["x_a"]) != str(sample["x_b"])  # a matching partner is another file of the class
            labels.append(int(sample["y"]))
    assert 0.22 < np.mean(labels) < 0.38


def test_split_moves_whole_classes(folders):
    data = SiameseDirDataset(folders)
    held = data.split([1, 3])  # the classes at positions 1 and 3: b and d
    assert sorted({os.path.basename(os.path.dirname(str(s["x_a"]))) for s in held}) == ["b", "d"]
    assert len(held) == 3 and len(data) == 5 and data.class_data == {0: [0, 1, 2], 2: [3, 4]}
    with pytest.raises(ConfigError, match="cannot stratify"):
        data.split(0.5, stratify="y")
    with pytest.raises(ConfigError, match="n must be in"):
        data.one_shot_trial(3)
