import numpy as np
import pytest

from kerasfe.errors import ConfigError, MissingKeyError
from kerasfe.op.numpyop import Fuse, HorizontalFlip, LambdaOp, Minmax, OneOf, Repeat, Sometimes, VerticalFlip
from kerasfe.op.numpyop.state import SampleState


def test_sometimes_is_seeded_and_needs_existing_outputs():
    op = Sometimes(LambdaOp(fn=lambda x: x + 1, inputs="x", outputs="x"), prob=0.3)
    runs = []
    for index in range(300):
        data = {"x": 0}
        op.apply(data, SampleState("train", seed=5, index=index))
        runs.append(data["x"])
    again = []
    for index in range(300):
        data = {"x": 0}
        op.apply(data, SampleState("train", seed=5, index=index))
        again.append(data["x"])
    assert runs == again and 60 < sum(runs) < 120
    with pytest.raises(MissingKeyError, match="needs key 'y'"):
        Sometimes(LambdaOp(fn=lambda x: x, inputs="x", outputs="y")).apply({"x": 1}, SampleState("train"))
    with pytest.raises(ConfigError, match="prob"):
        Sometimes(Minmax(inputs="x"), prob=2)


def test_one_of_repeat_fuse():
    with pytest.raises(ConfigError, match="differs"):
        OneOf(HorizontalFlip(image_in="x"), VerticalFlip(image_in="y"))
    data = {"x": np.array(3)}
    Repeat(LambdaOp(fn=lambda x: x + 2, inputs="x", outputs="x"), repeat=4).apply(data, SampleState("train"))
    assert int(data["x"]) == 11
    with pytest.raises(ConfigError, match="write back to its inputs"):
        Repeat(LambdaOp(fn=lambda x: x, inputs="x", outputs="y"))
    fused = Fuse([LambdaOp(fn=lambda x: x * 2, inputs="x", outputs="y"), LambdaOp(fn=lambda y: y + 1, inputs="y",
                                                                                 outputs="z")])
    data = {"x": 5}
    fused.apply(data, SampleState("train"))
    assert (fused.inputs, fused.outputs, data["z"]) == (["x"], ["y", "z"], 11)
    with pytest.raises(ConfigError, match="share a mode"):
        Fuse([Minmax(inputs="x", mode="train"), Minmax(inputs="x", mode="eval")])


def test_sometimes_batch_form_runs_the_op_on_the_chosen_samples():
    images = (np.arange(400)[:, None, None] % 250 + np.array([0, 2, 4])).astype("uint8")  # (400, 1, 3)
    op = Sometimes(HorizontalFlip(image_in="x"), prob=0.3)
    assert op.has_batch_form()
    flipped = op.forward_batch([images], {"mode": "train", "rng": np.random.default_rng(0)})[0]
    chosen = np.random.default_rng(0).random(400) < 0.3
    np.testing.assert_array_equal(flipped[chosen], images[chosen][:, :, ::-1])
    np.testing.assert_array_equal(flipped[~chosen], images[~chosen])
    assert int(chosen.sum()) == 105  # default_rng(0): 105 of the 400 uniform draws fall below 0.3
    never = Sometimes(Minmax(inputs="x", outputs="x"), prob=0.0)
    assert never.forward_batch([images], {"mode": "train", "rng": np.random.default_rng(0)})[0] is images
    assert not Sometimes(LambdaOp(fn=lambda x: x, inputs="x", outputs="x")).has_batch_form()  # LambdaOp has none
    assert not Sometimes(Minmax(inputs="x", outputs="y")).has_batch_form()  # writes a key it does not read
    mixed = Sometimes(Minmax(inputs="x", outputs="x"), prob=0.5)  # uint8 in, float32 out for the chosen samples
    out = mixed.forward_batch([images], {"mode": "train", "rng": np.random.default_rng(1)})[0]
    chosen = np.random.default_rng(1).random(400) < 0.5
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out[chosen], np.tile([[[0.0, 0.5, 1.0]]], (chosen.sum(), 1, 1)))
    np.testing.assert_array_equal(out[~chosen], images[~chosen])


def test_meta_ops_forward_as_fastestimator_list_in_list_out():
    plus_one = LambdaOp(fn=lambda x: x + 1, inputs="x", outputs="x")
    assert [int(v) for v in Repeat(plus_one, repeat=3).forward([np.array(0)], {"mode": "train"})] == [3]
    assert [int(v) for v in Sometimes(plus_one, prob=1.0).forward([np.array(0)], {"mode": "train"})] == [1]
    assert [int(v) for v in Sometimes(plus_one, prob=0.0).forward([np.array(0)], {"mode": "train"})] == [0]
    fused = Fuse([plus_one, LambdaOp(fn=lambda x: x * 10, inputs="x", outputs="y")])
    assert [int(v) for v in fused.forward([np.array(1)], {"mode": "train"})] == [2, 20]
    times_two = LambdaOp(fn=lambda x: x * 2, inputs="x", outputs="x")
    np.random.seed(0)
    drawn = {int(OneOf(plus_one, times_two).forward([np.array(5)], {"mode": "train"})[0]) for _ in range(40)}
    assert drawn == {6, 10}  # each op is chosen some of the time


def test_one_of_probs_and_sometimes_numpy_op_keyword_as_fastestimator():
    plus_one = LambdaOp(fn=lambda x: x + 1, inputs="x", outputs="x")
    times_two = LambdaOp(fn=lambda x: x * 2, inputs="x", outputs="x")
    op = OneOf(plus_one, times_two, probs=[0.8, 0.2])
    picks = []
    for index in range(500):
        state = SampleState("train", seed=2, index=index)
        expected = int(state["rng"].choice(2, p=[0.8, 0.2]))  # the draw OneOf makes from the same state
        data = {"x": 5}
        op.apply(data, SampleState("train", seed=2, index=index))
        assert data["x"] == (6 if expected == 0 else 10)
        picks.append(expected)
    assert 0.75 < 1 - np.mean(picks) < 0.85
    with pytest.raises(ConfigError, match="probs"):
        OneOf(plus_one, times_two, probs=[0.5, 0.6])
    assert Sometimes(numpy_op=plus_one, prob=0.2).op is plus_one
