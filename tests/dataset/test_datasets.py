import itertools

import cv2
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.dataset import (BatchDataset, CSVDataset, DirDataset, GeneratorDataset, InterleaveDataset,
                             LabeledDirDataset, NumpyDataset)
from kerasfe.errors import ConfigError, DataError
from kerasfe.op.numpyop import ReadImage


def test_numpy_dataset_split_by_fraction_count_and_stratified():
    data = NumpyDataset({"x": np.arange(100), "y": np.arange(100) % 4})
    first, second = data.split(0.1, 20, seed=1)
    ids = [sorted(int(s["x"]) for s in part) for part in (data, first, second)]
    assert [len(i) for i in ids] == [70, 10, 20] and sorted(sum(ids, [])) == list(range(100))
    strat = NumpyDataset({"x": np.arange(100), "y": (np.arange(100) < 20).astype(int)})
    held = strat.split(0.5, stratify="y", seed=0)
    assert sum(int(s["y"]) for s in held) == 10 and len(held) == 50
    with pytest.raises(ConfigError, match="ask for 60 of 50"):
        held.split(30, 30)
    with pytest.raises(ConfigError, match="differ in length"):
        NumpyDataset({"x": np.zeros(3), "y": np.zeros(4)})
    assert "x: int64 ()" in NumpyDataset({"x": np.arange(3)}).summary()
    np.testing.assert_array_equal(first.gather([0, 1])["x"], [first[0]["x"], first[1]["x"]])


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


def test_generator_dataset():
    data = GeneratorDataset(({"x": np.array(i)} for i in itertools.count()), samples_per_epoch=4)
    batches = fe.Pipeline(train_data=data, batch_size=2, num_process=0, seed=0).get_results("train", 2)
    assert sorted(np.concatenate([b["x"] for b in batches]).tolist()) == [0, 1, 2, 3]
    with pytest.raises(DataError, match="ran out"):
        GeneratorDataset(iter([{"x": 1}]), samples_per_epoch=2)[1] and GeneratorDataset(iter([]), 1)[0]


def test_batch_and_interleave_datasets():
    a = NumpyDataset({"x": np.arange(6), "src": np.zeros(6, "int64")})
    b = NumpyDataset({"x": np.arange(100, 103), "src": np.ones(3, "int64")})
    mixed = fe.Pipeline(train_data=BatchDataset([a, b], num_samples=[2, 1]), seed=0)
    batches = mixed.get_results("train", num_steps=5)
    assert len(batches) == 3 and all(batch["src"].tolist() == [0, 0, 1] for batch in batches)
    assert sorted(np.concatenate([batch["x"][:2] for batch in batches]).tolist()) == list(range(6))
    drawn = fe.Pipeline(train_data=BatchDataset([a, b], probability=[0.5, 0.5]), batch_size=200, seed=0)
    share = drawn.get_results("train")[0]["src"].mean()
    assert 0.35 < share < 0.65
    again = fe.Pipeline(train_data=BatchDataset([a, b], probability=[0.5, 0.5]), batch_size=200, seed=0)
    np.testing.assert_array_equal(again.get_results("train")[0]["x"], drawn.get_results("train")[0]["x"])
    interleaved = fe.Pipeline(eval_data=InterleaveDataset([a, b], pattern=[0, 0, 1]), batch_size=2)
    assert [batch["x"].tolist() for batch in interleaved.get_results("eval", 9)] == \
        [[0, 1], [2, 3], [100, 101]]
    with pytest.raises(ConfigError, match="exactly one of num_samples and probability"):
        BatchDataset([a, b])
