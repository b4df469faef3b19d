import keras
import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop import Delete, ExpandDims, HorizontalFlip, Minmax, RemoveIf, Sometimes, forward_numpyop
from kerasfe.op.numpyop.numpyop import RemoveSample
from kerasfe.op.numpyop.state import SampleState


def test_forward_numpyop_runs_ops_in_place_with_the_pipelines_seeding():
    data = {"x": np.arange(6, dtype="uint8").reshape(2, 3), "path": "a.png"}
    ops = [Sometimes(HorizontalFlip(image_in="x"), prob=0.5), Minmax(inputs="x", outputs="y"), Delete(keys="path"),
           ExpandDims(inputs="y", mode="eval")]
    assert forward_numpyop(ops, data, {"mode": "train", "index": 7}) is None
    expected = {"x": np.arange(6, dtype="uint8").reshape(2, 3), "path": "a.png"}
    for op in ops[:3]:
        op.apply(expected, SampleState("train", index=7))
    assert sorted(data) == ["x", "y"]
    np.testing.assert_array_equal(data["x"], expected["x"])
    np.testing.assert_allclose(data["y"], expected["y"])  # the eval-only op did not run
    assert data["y"].shape == (2, 3)


def test_forward_numpyop_stops_at_a_removed_sample_and_runs_batches():
    data = {"x": np.array(3)}
    removed = forward_numpyop([RemoveIf(fn=lambda x: x > 2, inputs="x"), ExpandDims(inputs="x")], data,
                              {"mode": "eval"})
    assert isinstance(removed, RemoveSample) and data["x"].shape == ()
    batch = {"x": keras.ops.convert_to_tensor(np.array([[0.0, 2.0], [1.0, 5.0]]))}
    forward_numpyop([Minmax(inputs="x")], batch, {"mode": "train"}, batched="tf")
    np.testing.assert_allclose(keras.ops.convert_to_numpy(batch["x"]), [[0.0, 1.0], [0.0, 1.0]])
    with pytest.raises(ConfigError, match="no batch form"):
        forward_numpyop([RemoveIf(fn=bool, inputs="x")], {"x": np.zeros(2)}, {"mode": "train"}, batched="np")


def test_remove_if_takes_fastestimators_replacement():
    assert RemoveIf(fn=bool, replacement=True, inputs="x").replacement is True
    with pytest.raises(ConfigError, match="replacement=False"):
        RemoveIf(fn=bool, replacement=False, inputs="x")
    with pytest.raises(ConfigError, match="inputs"):
        RemoveIf(fn=bool)
