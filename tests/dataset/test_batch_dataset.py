import numpy as np
import pytest

import kerasfe as fe
from kerasfe.dataset import BatchDataset, InterleaveDataset, NumpyDataset
from kerasfe.errors import ConfigError


def test_batch_and_interleave_datasets():
    a = NumpyDataset({"x": np.arange(6), "src": np.zeros(6, "int64")})
    b = NumpyDataset({"x": np.arange(100, 103), "src": np.ones(3, "int64")})
    mixed = fe.Pipeline(train_data=BatchDataset([a, b], num_samples=[2, 1]), seed=0)
    batches = mixed.get_results("train", num_steps=5)
    assert len(batches) == 3 and all(batch["src"].tolist() == [0, 0, 1] for batch in batches)
    assert sorted(np.concatenate([batch["x"][:2] for batch in batches]).tolist()) == list(range(6))
    drawn = fe.Pipeline(train_data=BatchDataset([a, b], probability=[0.5, 0.5]), batch_size=200, seed=0)
    batch = drawn.get_results("train")[0]
    # each sample's source is drawn by numpy from the (seed, epoch, batch index) generator, epochs counting from 1
    expected_sources = np.random.default_rng((0, 1, 0)).choice(2, size=200, p=[0.5, 0.5])
    np.testing.assert_array_equal(batch["src"], expected_sources)
    assert set(batch["x"][expected_sources == 0]) <= set(range(6))
    assert set(batch["x"][expected_sources == 1]) <= {100, 101, 102}
    again = fe.Pipeline(train_data=BatchDataset([a, b], probability=[0.5, 0.5]), batch_size=200, seed=0)
    np.testing.assert_array_equal(again.get_results("train")[0]["x"], drawn.get_results("train")[0]["x"])
    interleaved = fe.Pipeline(eval_data=InterleaveDataset([a, b], pattern=[0, 0, 1]), batch_size=2)
    assert [batch["x"].tolist() for batch in interleaved.get_results("eval", 9)] == \
        [[0, 1], [2, 3], [100, 101]]
    with pytest.raises(ConfigError, match="give num_samples"):
        BatchDataset([a, b])


def test_unpaired_batch_dataset_merges_samples_and_interleave_takes_a_dict():
    horses = NumpyDataset({"a": np.arange(4)})
    zebras = NumpyDataset({"b": np.arange(100, 106)})
    batches = fe.Pipeline(eval_data=BatchDataset([horses, zebras], num_samples=[2, 2])).get_results("eval", 5)
    assert [(batch["a"].tolist(), batch["b"].tolist()) for batch in batches] == [
        ([0, 1], [100, 101]), ([2, 3], [102, 103]), ([0, 1], [104, 105])]  # the smaller set starts over
    with pytest.raises(ConfigError, match="one equal count"):
        BatchDataset([horses, zebras], num_samples=[2, 1])
    with pytest.raises(ConfigError, match="all the same"):
        BatchDataset([horses, NumpyDataset({"a": np.arange(2), "b": np.arange(2)})], num_samples=[1, 1])
    mixed = BatchDataset([horses, NumpyDataset({"a": np.arange(10, 14)})], num_samples=3, probability=[0.5, 0.5])
    assert [len(batch["a"]) for batch in fe.Pipeline(train_data=mixed, seed=0).get_results("train", 2)] == [3, 3]
    named = InterleaveDataset({"h": horses, "h2": NumpyDataset({"a": np.arange(10, 14)})}, pattern=["h2", "h"])
    batches = fe.Pipeline(eval_data=named, batch_size=2).get_results("eval", 4)
    assert [batch["a"].tolist() for batch in batches] == [[10, 11], [0, 1], [12, 13], [2, 3]]
    with pytest.raises(ConfigError, match=r"names \['zebra'\]"):
        InterleaveDataset({"h": horses, "z": zebras}, pattern=["zebra"])
