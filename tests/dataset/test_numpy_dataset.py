import numpy as np
import pytest

from kerasfe.dataset import NumpyDataset
from kerasfe.errors import ConfigError


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
