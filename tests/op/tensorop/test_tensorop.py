import keras
import numpy as np

from kerasfe.op.tensorop import LambdaOp


def test_lambda_op_applies_function_to_inputs():
    op = LambdaOp(fn=lambda a, b: a * b, inputs=("a", "b"), outputs="ab")
    result = op.forward([keras.ops.full((2,), 3.0), keras.ops.full((2,), 2.0)], {"mode": "train"})
    np.testing.assert_allclose(keras.ops.convert_to_numpy(result), [6.0, 6.0])
