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


def test_fastestimator_keywords_numpy_op_and_probs():
    op = Sometimes(numpy_op=LambdaOp(fn=lambda x: x + 1, inputs="x", outputs="x"), prob=1.0)
    sample = {"x": 1}
    op.apply(sample, SampleState("train"))
    assert sample["x"] == 2
    weighted = OneOf(LambdaOp(fn=lambda x: 0, inputs="x", outputs="x"),
                     LambdaOp(fn=lambda x: 1, inputs="x", outputs="x"), probs=[0.9, 0.1])
    picks = []
    for index in range(400):
        sample = {"x": -1}
        weighted.apply(sample, SampleState("train", index=index))
        picks.append(sample["x"])
    expected = [int(SampleState("train", index=i)["rng"].choice(2, p=[0.9, 0.1])) for i in range(400)]
    assert picks == expected and 20 < sum(picks) < 60  # about 10% of 400
    with pytest.raises(ConfigError, match="probs"):
        OneOf(HorizontalFlip(image_in="x"), VerticalFlip(image_in="x"), probs=[0.5, 0.6])
