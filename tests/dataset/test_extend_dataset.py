import numpy as np
import pytest

import kerasfe as fe
from kerasfe.dataset import ExtendDataset, NumpyDataset
from kerasfe.errors import ConfigError


def _epoch(pipeline, mode, epoch):
    return [x for batch in pipeline.get_results(mode, num_steps=100, epoch=epoch) for x in batch["x"].tolist()]


def test_extend_dataset_reads_spoof_length_samples_an_epoch():
    base = NumpyDataset({"x": np.arange(5)})
    longer = fe.Pipeline(train_data=ExtendDataset(base, 12), eval_data=ExtendDataset(base, 7), batch_size=4, seed=1)
    train = _epoch(longer, "train", 1)
    assert len(train) == 12 and sorted(train[:5]) == sorted(train[5:10]) == list(range(5))  # whole passes
    assert _epoch(longer, "eval", 1) == [0, 1, 2, 3, 4, 0, 1]  # in order in other modes
    shorter = fe.Pipeline(train_data=ExtendDataset(NumpyDataset({"x": np.arange(6)}), 4), batch_size=2, seed=0)
    one, two, three = (_epoch(shorter, "train", epoch) for epoch in (1, 2, 3))
    stream = np.random.default_rng((0, 0)).permutation(6).tolist() + np.random.default_rng((0, 1)).permutation(6).tolist()
    assert one + two + three == stream  # each epoch goes on where the last one stopped
    with pytest.raises(ConfigError, match="spoof_length"):
        ExtendDataset(base, 0)
