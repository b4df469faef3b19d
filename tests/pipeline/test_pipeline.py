import numpy as np
import pytest

import kerasfe as fe
from kerasfe.errors import ConfigError, WrongTypeError

DATA = {"x": np.arange(10).reshape(10, 1), "y": np.arange(10) * 10}


def test_train_batches_are_shuffled_per_epoch_and_cover_every_sample():
    pipeline = fe.Pipeline(train_data=DATA, batch_size=4, seed=3)
    first, second = (pipeline.get_results("train", num_steps=3, epoch=epoch) for epoch in (1, 2))
    seen = np.concatenate([batch["x"][:, 0] for batch in first])
    assert sorted(seen) == list(range(10)) and list(seen) != list(range(10))
    assert [list(b["x"][:, 0]) for b in first] != [list(b["x"][:, 0]) for b in second]
    for batch in first:
        np.testing.assert_array_equal(batch["y"], batch["x"][:, 0] * 10)


def test_same_seed_same_batches_and_eval_in_order():
    batches = [fe.Pipeline(train_data=DATA, eval_data=DATA, batch_size=4, seed=7).get_results("train", 3)
               for _ in range(2)]
    for a, b in zip(*batches):
        np.testing.assert_array_equal(a["x"], b["x"])
    evaluation = fe.Pipeline(train_data=DATA, eval_data=DATA, batch_size=4).get_results("eval", num_steps=5)
    assert [list(b["x"][:, 0]) for b in evaluation] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]


def test_loader_length_is_known():
    loader = fe.Pipeline(train_data=DATA, batch_size=4).get_loader("train")
    assert len(loader) == 3 and set(loader[2]) == {"x", "y"}


def test_bad_sources_are_clear_errors():
    with pytest.raises(ConfigError, match="differ in length"):
        fe.Pipeline(train_data={"x": np.zeros(3), "y": np.zeros(4)}, batch_size=2)
    with pytest.raises(WrongTypeError, match="list as train_data must hold sample dicts"):
        fe.Pipeline(train_data=[1, 2], batch_size=2)
    with pytest.raises(ConfigError, match="batch_size must be a positive int"):
        fe.Pipeline(train_data=DATA, batch_size=0)
    with pytest.raises(ConfigError, match=r"no data for mode 'test'; it has \['train'\]"):
        fe.Pipeline(train_data=DATA, batch_size=2).get_loader("test")
