"""FastEstimator's Dataset API on FEDataset: writable samples, columns, split by indices / fractions."""
import random

import numpy as np
import pytest

import kerasfe as fe
from kerasfe.dataset import DirDataset, NumpyDataset
from kerasfe.errors import ConfigError


def test_writes_into_samples_persist_and_reach_the_pipeline():
    given = np.arange(6, dtype="int64")
    data = NumpyDataset({"x": given, "y": np.zeros(6, "int64")})
    data[1]["x"] = 100
    data[2]["y"] = 0.5  # another dtype: the column widens (as a dict of samples would keep the float)
    data[3]["x"] = np.array([7, 7])  # another shape: the column holds one value per sample
    assert int(data[1]["x"]) == 100 and float(data[2]["y"]) == 0.5 and data[3]["x"].tolist() == [7, 7]
    assert given.tolist() == list(range(6))  # the caller's array is not written
    data[3]["x"] = 3
    data["z"] = np.arange(6) * 10
    assert data["x"].tolist() == [0, 100, 2, 3, 4, 5] and int(data[5]["z"]) == 50
    data[4] = {"x": 40, "y": 1, "z": -1}
    batch = fe.Pipeline(eval_data=data, batch_size=6).get_results("eval")[0]
    assert batch["x"].tolist() == [0, 100, 2, 3, 40, 5] and batch["y"].tolist() == [0, 0, 0.5, 0, 1, 0]
    assert batch["z"].tolist() == [0, 10, 20, 30, -1, 50]
    with pytest.raises(ConfigError, match="has no key 'w'"):
        data[0]["w"] = 1
    with pytest.raises(ConfigError, match="one value per sample"):
        data["x"] = [1, 2]


def test_a_sample_of_a_file_data_set_keeps_what_is_written(tmp_path):
    for name in ("a.png", "b.png"):
        (tmp_path / name).write_text("")
    files = DirDataset(str(tmp_path))
    files[0]["x"] = "renamed.png"
    assert [str(path).rsplit("/", 1)[-1] for path in files["x"]] == ["renamed.png", "b.png"]


def test_split_by_indices_and_fractions_as_fastestimator():
    data = NumpyDataset({"x": np.arange(10)})
    picked = data.split([8, 2, 3])
    assert picked["x"].tolist() == [8, 2, 3] and data["x"].tolist() == [0, 1, 4, 5, 6, 7, 9]
    first, second = data.split(range(2), [6])
    assert (first["x"].tolist(), second["x"].tolist(), data["x"].tolist()) == ([0, 1], [9], [4, 5, 6, 7])
    # fractions round up and draw with Python's random.Random(seed).sample, in drawn order
    data = NumpyDataset({"x": np.arange(10)})
    drawn = random.Random(3).sample(range(10), 3 + 2)
    small, smaller = data.split(0.21, 2, seed=3)
    assert small["x"].tolist() == drawn[:3] and smaller["x"].tolist() == drawn[3:]
    assert data["x"].tolist() == sorted(set(range(10)) - set(drawn))
    small["x"] = np.full(3, -1)  # split parts are independent data sets
    assert smaller["x"].tolist() == drawn[3:] and data["x"].tolist() == sorted(set(range(10)) - set(drawn))
    with pytest.raises(ConfigError, match="not both"):
        data.split(0.1, [1])
    with pytest.raises(ConfigError, match="overlap"):
        data.split([0], [0])
