import keras
import pytest

from kerasfe.errors import ConfigError
from kerasfe.op.tensorop import Fuse, LambdaOp, OneOf, Repeat, Sometimes


STATE = {"mode": "train", "training": True}


def numpy_of(value):
    return keras.ops.convert_to_numpy(value)


def test_meta_ops():
    negate = LambdaOp(fn=lambda x: -x, inputs="x", outputs="x")
    x = keras.ops.ones((2,))
    assert numpy_of(Sometimes(negate, prob=0.0).forward(x, dict(STATE))).tolist() == [1.0, 1.0]
    assert numpy_of(Sometimes(negate, prob=1.0).forward(x, dict(STATE))).tolist() == [-1.0, -1.0]
    assert numpy_of(Repeat(LambdaOp(fn=lambda v: v + 1, inputs="x", outputs="x"), repeat=3).forward(
        x, dict(STATE))).tolist() == [4.0, 4.0]
    fused = Fuse([LambdaOp(fn=lambda v: v * 3, inputs="x", outputs="t"), LambdaOp(fn=lambda t, v: t + v,
                                                                                    inputs=("t", "x"), outputs="x")])
    assert fused.inputs == ["x"] and [numpy_of(v).tolist() for v in fused.forward([x], dict(STATE))] == [[3.0, 3.0],
                                                                                                         [4.0, 4.0]]
    with pytest.raises(ConfigError, match="write only keys it reads"):
        Sometimes(LambdaOp(fn=lambda v: v, inputs="x", outputs="y"))
    with pytest.raises(ConfigError, match="same inputs"):
        OneOf(negate, LambdaOp(fn=lambda v: v, inputs="z", outputs="z"))
