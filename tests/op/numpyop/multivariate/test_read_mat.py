import numpy as np
import pytest
from scipy.io import savemat

from kerasfe.errors import DataError
from kerasfe.op.numpyop.multivariate import ReadMat


def test_read_mat_reads_variables_into_outputs(tmp_path):
    savemat(tmp_path / "a.mat", {"x": np.arange(6.0).reshape(2, 3), "y": np.array([[4]])})
    sample = {"path": "a.mat"}
    ReadMat(inputs="path", outputs=["x", "y"], parent_path=str(tmp_path)).apply(sample, {"mode": "train"})
    np.testing.assert_array_equal(sample["x"], np.arange(6.0).reshape(2, 3))
    assert sample["y"].tolist() == [[4]]
    one = ReadMat(inputs="path", outputs="image", mat_keys="x", parent_path=str(tmp_path))
    assert one.forward("a.mat", {"mode": "train"}).shape == (2, 3)
    with pytest.raises(DataError, match=r"no variable\(s\) \['z'\]; it has \['x', 'y'\]"):
        ReadMat(inputs="path", outputs="z", parent_path=str(tmp_path)).forward("a.mat", {"mode": "train"})
    with pytest.raises(DataError, match="no such file"):
        one.forward("b.mat", {"mode": "train"})
