import cv2
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.dataset import CSVDataset, DirDataset, LabeledDirDataset
from kerasfe.errors import ConfigError, MissingKeyError
from kerasfe.op.numpyop import ReadImage


def test_csv_dir_and_labeled_dir_datasets(tmp_path):
    (tmp_path / "data.csv").write_text("path,label,weight\na.png,1,0.5\nb.png,0,2\n")
    csv_data = CSVDataset(str(tmp_path / "data.csv"))
    assert [str(s["path"]) for s in csv_data] == ["a.png", "b.png"]
    assert csv_data[0]["label"].dtype == np.int64 and float(csv_data[1]["weight"]) == 2.0
    for label, value in (("cat", 10), ("dog", 200)):
        (tmp_path / "images" / label).mkdir(parents=True)
        cv2.imwrite(str(tmp_path / "images" / label / "1.png"), np.full((4, 4), value, "uint8"))
    labeled = LabeledDirDataset(str(tmp_path / "images"), file_extension=".png")
    assert labeled.label_mapping == {"cat": 0, "dog": 1} and labeled.class_names == {0: "cat", 1: "dog"}
    pipeline = fe.Pipeline(eval_data=labeled, batch_size=2, ops=[ReadImage(inputs="x", color_flag="gray")])
    batch = pipeline.get_results("eval")[0]
    assert batch["x"][:, 0, 0].tolist() == [10, 200] and batch["y"].tolist() == [0, 1]
    assert len(DirDataset(str(tmp_path), file_extension=".png")) == 2
    with pytest.raises(ConfigError, match="no files ending .jpg"):
        DirDataset(str(tmp_path), file_extension=".jpg")
    with pytest.raises(ConfigError, match=r"folders \['dog'\] have no entry"):
        LabeledDirDataset(str(tmp_path / "images"), label_mapping={"cat": 0})


def test_csv_include_if_by_dict_function_or_expression_and_fill_na(tmp_path):
    (tmp_path / "data.csv").write_text("path,label,weight\na.png,1,0.5\nb.png,0,\nc.png,2,3\nd.png,1,1\n")
    path = str(tmp_path / "data.csv")
    assert CSVDataset(path, include_if={"label": [1, 2]})["path"].tolist() == ["a.png", "c.png", "d.png"]
    assert CSVDataset(path, include_if=lambda label, weight: label == 1 and weight > 0.7)["path"].tolist() == ["d.png"]
    assert CSVDataset(path, include_if="label >= 1 and weight < 2")["path"].tolist() == ["a.png", "d.png"]
    default = CSVDataset(path)["weight"]
    assert default.dtype == np.float64 and np.isnan(default[1]) and default[[0, 2, 3]].tolist() == [0.5, 3.0, 1.0]
    assert CSVDataset(path, fill_na=0)["weight"].tolist() == [0.5, 0.0, 3.0, 1.0]
    assert CSVDataset(path, fill_na=None)["weight"].tolist() == [0.5, None, 3, 1]
    assert CSVDataset(path).parent_path == str(tmp_path)
    with pytest.raises(MissingKeyError, match="colour"):
        CSVDataset(path, include_if={"colour": "red"})
