import keras
import numpy as np

import kerasfe as fe
from kerasfe.op.tensorop import Delete, LambdaOp


def test_lambda_op_applies_function_to_inputs():
    op = LambdaOp(fn=lambda a, b: a * b, inputs=("a", "b"), outputs="ab")
    result = op.forward([keras.ops.full((2,), 3.0), keras.ops.full((2,), 2.0)], {"mode": "train"})
    np.testing.assert_allclose(keras.ops.convert_to_numpy(result), [6.0, 6.0])


def test_delete_removes_its_keys_from_the_network_batch():
    network = fe.Network(ops=[LambdaOp(fn=lambda x: x * 2, inputs="x", outputs="y"), Delete(keys=["x"], mode="train")])
    assert sorted(network.run_ops({"x": keras.ops.ones((2,))}, "train")) == ["y"]
    assert sorted(network.run_ops({"x": keras.ops.ones((2,))}, "eval")) == ["x", "y"]


def test_inspect_shows_each_ops_constructor_arguments():
    import inspect

    from kerasfe.op.tensorop import Average, TensorOp, UnHadamard

    assert list(inspect.signature(TensorOp).parameters) == ["inputs", "outputs", "mode", "ds_id"]
    assert list(inspect.signature(Average).parameters) == ["inputs", "outputs", "mode", "ds_id"]
    assert list(inspect.signature(UnHadamard).parameters)[:3] == ["inputs", "outputs", "n_classes"]
