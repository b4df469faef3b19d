import itertools

import numpy as np
import pytest

import kerasfe as fe
from kerasfe.dataset import GeneratorDataset
from kerasfe.errors import DataError


def test_generator_dataset():
    data = GeneratorDataset(({"x": np.array(i)} for i in itertools.count()), samples_per_epoch=4)
    batches = fe.Pipeline(train_data=data, batch_size=2, num_process=0, seed=0).get_results("train", 2)
    assert sorted(np.concatenate([b["x"] for b in batches]).tolist()) == [0, 1, 2, 3]
    with pytest.raises(DataError, match="ran out"):
        GeneratorDataset(iter([{"x": 1}]), samples_per_epoch=2)[1] and GeneratorDataset(iter([]), 1)[0]
