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


def test_fastestimator_arguments_of_the_meta_ops():
    x = keras.ops.zeros(())
    plus, minus = (LambdaOp(fn=lambda v, d=d: v + d, inputs="x", outputs="x") for d in (1.0, -1.0))
    assert float(Sometimes(tensor_op=plus, prob=1.0).forward(x, dict(STATE))) == 1.0
    draws = [float(OneOf(plus, minus, probs=[0.8, 0.2], seed=seed).forward(x, dict(STATE))) for seed in range(40)]
    assert 0.6 < draws.count(1.0) / len(draws) < 0.95 and set(draws) == {1.0, -1.0}
    assert [float(OneOf(plus, minus, probs=[0.0, 1.0], seed=s).forward(x, dict(STATE))) for s in range(3)] == [-1.0] * 3
    with pytest.raises(ConfigError, match="probs"):
        OneOf(plus, minus, probs=[1.0])
    doubling = LambdaOp(fn=lambda v: v * 2, inputs="x", outputs="x")
    until = Repeat(doubling, repeat=lambda x, limit: x < limit, max_iter=10)
    assert until.inputs == ["x", "limit"]
    assert float(until.forward([keras.ops.ones(()), keras.ops.convert_to_tensor(20.0)], dict(STATE))) == 32.0
    capped = Repeat(doubling, repeat=lambda x: x < 1000, max_iter=3)
    assert float(capped.forward(keras.ops.ones(()), dict(STATE))) == 8.0
    assert float(Repeat(doubling).forward(keras.ops.ones(()), dict(STATE))) == 2.0  # FastEstimator's default: 1
    with pytest.raises(ConfigError, match="max_iter"):
        Repeat(doubling, repeat=lambda x: x < 3)
