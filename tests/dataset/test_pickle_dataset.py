import pickle

import numpy as np
import pytest

from kerasfe.dataset import PickleDataset
from kerasfe.errors import WrongTypeError


def test_pickle_dataset_reads_columns_or_samples_and_knows_its_folder(tmp_path):
    columns = {"path": ["a.png", "b.png", "c.png"], "y": [2, 0, 1], "box": [np.zeros((1, 4)), np.zeros((2, 4)),
                                                                           np.zeros((0, 4))]}
    (tmp_path / "columns.pkl").write_bytes(pickle.dumps(columns))
    data = PickleDataset(str(tmp_path / "columns.pkl"))
    assert data["y"].tolist() == [2, 0, 1] and str(data[2]["path"]) == "c.png" and data[1]["box"].shape == (2, 4)
    assert data.parent_path == str(tmp_path)
    rows = [{"path": p, "y": y} for p, y in zip(columns["path"], columns["y"])]
    (tmp_path / "rows.pkl").write_bytes(pickle.dumps(rows))
    assert PickleDataset(str(tmp_path / "rows.pkl"))["path"].tolist() == columns["path"]
    (tmp_path / "bad.pkl").write_bytes(pickle.dumps(3))
    with pytest.raises(WrongTypeError, match="DataFrame, a dict of columns or a list"):
        PickleDataset(str(tmp_path / "bad.pkl"))
