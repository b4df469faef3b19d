import numpy as np
import pytest

from kerasfe.dataset import CombinedDataset, NumpyDataset
from kerasfe.errors import ConfigError


def test_combined_dataset_concatenates_and_writes_through():
    first = NumpyDataset({"x": np.arange(3), "y": np.zeros(3, "int64")})
    second = NumpyDataset({"x": np.arange(10, 12), "y": np.ones(2, "int64")})
    both = CombinedDataset([first, second])
    assert len(both) == 5 and both["x"].tolist() == [0, 1, 2, 10, 11] and int(both[4]["y"]) == 1
    both[3]["x"] = -5
    assert second["x"].tolist() == [-5, 11] and both["x"].tolist() == [0, 1, 2, -5, 11]
    with pytest.raises(ConfigError, match="same keys"):
        CombinedDataset([first, NumpyDataset({"x": np.arange(2)})])
    with pytest.raises(ConfigError, match="at least two"):
        CombinedDataset([first])
