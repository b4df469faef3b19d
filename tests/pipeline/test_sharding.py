"""Each process reads its own equal block of every global batch: the processes' batches side by side are the
single-process epoch (minus the last batch's samples that do not split evenly), with no sample twice and equal
step counts. Checked against one process's epoch of the same Pipeline, on every kind of source and engine."""
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.dataset import BatchDataset, NumpyDataset
from kerasfe.errors import ConfigError
from kerasfe.op.numpyop import LambdaOp
from kerasfe.pipeline.sharding import Shard

SAMPLES = 26  # with batch_size 8: global batches of 8, 8, 8 and 2
IDS = {"id": np.arange(SAMPLES)}


def plus_one():
    return LambdaOp(fn=lambda value: value + 1000, inputs="id", outputs="id")


def sources():
    import tensorflow as tf
    return {"numpy dict": (IDS, None), "map-style with an op": (NumpyDataset(IDS), [plus_one()]),
            "generator": (lambda: ({"id": i} for i in range(SAMPLES)), None),
            "tf.data with an op": (tf.data.Dataset.from_tensor_slices(IDS), [plus_one()]),
            "batched tf.data": (tf.data.Dataset.from_tensor_slices(IDS).batch(8), None)}


def epoch(pipeline, shard, epoch_index=2):
    return [batch["id"].tolist() for batch in pipeline.get_results("train", 100, epoch=epoch_index, shard=shard)]


def expected_blocks(global_batches, count):
    """The oracle: process i's batch k is the i-th of `count` equal blocks of global batch k (a remainder and a
    batch smaller than `count` are left out)."""
    blocks = []
    for index in range(count):
        blocks.append([batch[index * (len(batch) // count):(index + 1) * (len(batch) // count)]
                       for batch in global_batches if len(batch) >= count])
    return blocks


@pytest.mark.parametrize("engine", ["grain", "tf.data"])
@pytest.mark.parametrize("kind", ["numpy dict", "map-style with an op", "generator", "tf.data with an op",
                                  "batched tf.data"])
@pytest.mark.parametrize("drop_last", [False, True])
def test_shards_put_together_are_the_single_process_epoch(kind, engine, drop_last):
    source, ops = sources()[kind]
    pipeline = fe.Pipeline(train_data=source, ops=ops, batch_size=None if kind == "batched tf.data" else 8,
                           engine=engine, drop_last=drop_last, seed=5)
    single = epoch(pipeline, Shard(0, 1))
    assert single == epoch(pipeline, None)  # one process: every batch whole
    for count in (2, 4):
        shards = [epoch(pipeline, Shard(index, count)) for index in range(count)]
        assert shards == expected_blocks(single, count)
        assert len({len(shard) for shard in shards}) == 1  # equal steps
        read = [sample for shard in shards for batch in shard for sample in batch]
        assert len(read) == len(set(read))  # no sample twice
        leftover = sum(len(batch) % count if len(batch) >= count else len(batch) for batch in single)
        assert len(read) == sum(map(len, single)) - leftover


def test_train_shards_follow_each_epochs_shuffle():
    pipeline = fe.Pipeline(train_data=IDS, batch_size=8, seed=1)
    for epoch_index in (1, 2):
        single = epoch(pipeline, Shard(0, 1), epoch_index)
        shards = [epoch(pipeline, Shard(index, 2), epoch_index) for index in range(2)]
        assert [first + second for first, second in zip(*shards)] == single
    assert epoch(pipeline, Shard(0, 2), 1) != epoch(pipeline, Shard(0, 2), 2)


def test_loader_lengths_agree_across_processes():
    pipeline = fe.Pipeline(train_data=IDS, batch_size=8, seed=0)
    assert [len(pipeline.get_loader("train", shard=Shard(index, 4))) for index in range(4)] == [3, 3, 3, 3]
    assert [len(pipeline.get_loader("train", shard=Shard(index, 2))) for index in range(2)] == [4, 4]


def test_batch_source_is_sharded_per_batch():
    source = BatchDataset([NumpyDataset({"id": np.arange(8)}), NumpyDataset({"id": np.arange(100, 104)})],
                          num_samples=[2, 2])
    pipeline = fe.Pipeline(train_data=source, batch_size=4, seed=0)
    single = epoch(pipeline, Shard(0, 1))
    assert [epoch(pipeline, Shard(index, 2)) for index in range(2)] == expected_blocks(single, 2)


def test_batch_size_must_split_over_the_processes():
    pipeline = fe.Pipeline(train_data=IDS, eval_data=IDS, batch_size={"train": 8, "eval": 6})
    with pytest.raises(ConfigError, match="batch_size 6 of the eval data in epoch 1 is the global batch, shared by 4 "
                                          "processes, so it must be a multiple of 4; give batch_size 4"):
        pipeline.get_loader("eval", shard=Shard(0, 4))
    assert len(pipeline.get_loader("train", shard=Shard(3, 4))) == 3


def test_shard_checks_its_place():
    with pytest.raises(ConfigError, match="need 0 <= index < count"):
        Shard(index=2, count=2)
