import grain
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.architecture import LeNet
from kerasfe.dataset.data import digits
from kerasfe.errors import ConfigError, WrongTypeError
from kerasfe.op.numpyop import Delete, ExpandDims, LambdaOp, Minmax, PadIfNeeded, RandomCrop
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
from kerasfe.pipeline import num_batches
from kerasfe.pipeline.epoch_length import numpy_batches
from kerasfe.pipeline import pipeline as pipeline_module
from kerasfe.schedule import EpochScheduler, RepeatScheduler
from tests.pipeline.augmented_images import IMAGES, augment_ops


DATA = {"x": np.arange(10).reshape(10, 1), "y": np.arange(10) * 10}


def test_train_batches_are_shuffled_per_epoch_and_cover_every_sample():
    pipeline = fe.Pipeline(train_data=DATA, batch_size=4, seed=3)
    first, second = (pipeline.get_results("train", num_steps=3, epoch=epoch) for epoch in (1, 2))
    seen = np.concatenate([batch["x"][:, 0] for batch in first])
    assert sorted(seen) == list(range(10)) and list(seen) != list(range(10))
    assert [list(b["x"][:, 0]) for b in first] != [list(b["x"][:, 0]) for b in second]
    for batch in first:
        np.testing.assert_array_equal(batch["y"], batch["x"][:, 0] * 10)


def test_same_seed_same_batches_and_eval_in_order():
    batches = [fe.Pipeline(train_data=DATA, eval_data=DATA, batch_size=4, seed=7).get_results("train", 3)
               for _ in range(2)]
    for a, b in zip(*batches):
        np.testing.assert_array_equal(a["x"], b["x"])
    evaluation = fe.Pipeline(train_data=DATA, eval_data=DATA, batch_size=4).get_results("eval", num_steps=5)
    assert [list(b["x"][:, 0]) for b in evaluation] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]


def test_loader_length_is_known():
    loader = fe.Pipeline(train_data=DATA, batch_size=4).get_loader("train")
    assert len(loader) == 3 and set(loader[2]) == {"x", "y"}


def test_bad_sources_are_clear_errors():
    with pytest.raises(ConfigError, match="differ in length"):
        fe.Pipeline(train_data={"x": np.zeros(3), "y": np.zeros(4)}, batch_size=2)
    with pytest.raises(WrongTypeError, match="list as train_data must hold sample dicts"):
        fe.Pipeline(train_data=[1, 2], batch_size=2)
    with pytest.raises(ConfigError, match="batch_size must be a positive int"):
        fe.Pipeline(train_data=DATA, batch_size=0)
    with pytest.raises(ConfigError, match=r"no data for mode 'test'; it has \['train'\]"):
        fe.Pipeline(train_data=DATA, batch_size=2).get_loader("test")


def test_other_sources_tf_grain_generator():
    import tensorflow as tf
    tf_source = tf.data.Dataset.from_tensor_slices({"x": np.arange(6.0)})
    tf_pipeline = fe.Pipeline(train_data=tf_source, batch_size=4, ops=[LambdaOp(fn=lambda x: x * 2, inputs="x",
                                                                                 outputs="x")])
    assert [b["x"].tolist() for b in tf_pipeline.get_results("train", 3)] == [[0, 2, 4, 6], [8, 10]]
    as_is = fe.Pipeline(train_data=tf_source.batch(5)).get_loader("train")
    assert [b["x"].tolist() for b in as_is.as_numpy_iterator()] == [[0, 1, 2, 3, 4], [5]]
    grain_map = grain.MapDataset.range(5).map(lambda i: {"x": np.float32(i)})
    assert [b["x"].tolist() for b in fe.Pipeline(eval_data=grain_map, batch_size=2).get_results("eval", 5)] == \
        [[0, 1], [2, 3], [4]]
    grain_iter = grain.MapDataset.range(3).map(lambda i: {"x": i}).to_iter_dataset()
    for engine in ("grain", "tf.data"):
        pipeline = fe.Pipeline(eval_data=grain_iter, batch_size=2, engine=engine)
        assert [b["x"].tolist() for b in pipeline.get_results("eval", 5)] == [[0, 1], [2]]
    generator = ({"x": i * i} for i in range(3))
    assert [b["x"].tolist() for b in fe.Pipeline(eval_data=generator, batch_size=2).get_results("eval", 5)] == \
        [[0, 1], [4]]


def test_schedules_per_mode_batch_size_ds_ids_and_signature_epochs():
    small, large = {"x": np.arange(4)}, {"x": np.arange(10)}
    pipeline = fe.Pipeline(train_data=EpochScheduler({1: small, 3: large}),
                           eval_data={"clean": small, "noisy": large},
                           batch_size={"train": RepeatScheduler([2, 4]), "eval": 5},
                           ops=[EpochScheduler({1: None, 2: LambdaOp(fn=lambda x: x + 100, inputs="x", outputs="x",
                                                                     ds_id="noisy")})], seed=0)
    assert [len(pipeline.get_loader("train", epoch)) for epoch in (1, 2, 3)] == [2, 1, 5]
    assert pipeline.get_ds_ids("eval") == ["clean", "noisy"] and pipeline.get_ds_ids("train") == [None]
    assert pipeline.get_results("eval", epoch=2, ds_id="clean")[0]["x"].tolist() == [0, 1, 2, 3]
    assert pipeline.get_results("eval", epoch=2, ds_id="noisy")[0]["x"].tolist() == [100, 101, 102, 103, 104]
    assert pipeline.get_results("eval", epoch=1, ds_id="noisy")[0]["x"].tolist() == [0, 1, 2, 3, 4]
    assert pipeline.get_signature_epochs(4) == [1, 2, 3, 4]
    with pytest.raises(ConfigError, match=r"several data sets \['clean', 'noisy'\]; pass ds_id"):
        pipeline.get_loader("eval")
    with pytest.raises(ConfigError, match="batch_size must be a positive int"):
        fe.Pipeline(train_data=small, batch_size={"train": 0})
    assert fe.Pipeline(train_data=small, batch_size=EpochScheduler({1: 2, 5: 4})).get_signature_epochs(6) == [1, 5]


class Clock:
    """A perf_counter that advances one second per reading."""

    def __init__(self):
        self.now = -1.0

    def perf_counter(self):
        self.now += 1.0
        return self.now


def test_transform_and_benchmark(capsys, monkeypatch):
    pipeline = fe.Pipeline(train_data=IMAGES, batch_size=8, ops=augment_ops(), seed=0)
    result = pipeline.transform({"x": IMAGES["x"][0]}, mode="infer")
    np.testing.assert_allclose(result["x"][0], (IMAGES["x"][0] / 255.0 - 0.5) / 0.25, atol=1e-5)
    monkeypatch.setattr(pipeline_module, "time", Clock())  # readings 0, 1, 2, ...: every timed span is 1 s
    report = pipeline.benchmark(num_steps=3, log_interval=2, detailed=True)
    printed = capsys.readouterr().out.splitlines()
    # start 0 s, step 2 at 1 s (16 samples), end at 2 s (24 samples); then each op runs once on the 40 samples
    assert printed[:2] == ["FastEstimator-Benchmark (train): step 2, 16.0 samples/s",
                           "FastEstimator-Benchmark (train): 24 samples in 3 steps, 12.0 samples/s"]
    names = [op.describe() + " (per batch)" for op in augment_ops()]  # the whole chain runs once per batch
    assert report == {"samples_per_second": 12.0, "op_seconds": {name: 1 / 40 for name in names}}
    tail = fe.Pipeline(train_data=IMAGES, batch_size=8, ops=augment_ops() + [Delete("y")]).benchmark(num_steps=1,
                                                                                                    detailed=True)
    # Delete has no batch form: every op runs per sample, 40 timed seconds over 40 samples
    assert tail["op_seconds"] == {op.describe(): 1.0 for op in augment_ops() + [Delete("y")]}


@pytest.mark.parametrize("engine", ["grain", "tf.data"])
def test_lenet_learns_digits_through_numpy_ops(engine):
    train, evaluation, _ = digits.load_data(image_size=28)
    raw = {mode: {"x": (data["x"][..., 0] * 255).astype("uint8"), "y": data["y"]}
           for mode, data in (("train", train), ("eval", evaluation))}
    pipeline = fe.Pipeline(train_data=raw["train"], eval_data=raw["eval"], batch_size=32, engine=engine, seed=0,
                           ops=[PadIfNeeded(min_height=30, min_width=30, image_in="x", mode="train"),
                                RandomCrop(28, 28, image_in="x", mode="train"),
                                ExpandDims(inputs="x", outputs="x"), Minmax(inputs="x", outputs="x")])
    first = pipeline.get_results("train", num_steps=1)[0]
    assert first["x"].shape == (32, 28, 28, 1) and first["x"].dtype == np.float32
    np.testing.assert_allclose(first["x"].max(axis=(1, 2, 3)), 1.0, atol=1e-6)
    model = fe.build(model_fn=lambda: LeNet(input_shape=(28, 28, 1), classes=10), optimizer_fn="adam")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce")])
    estimator = fe.Estimator(pipeline=pipeline, network=network, epochs=2, log_steps=None)
    eval_ce = estimator.fit().epoch_values("eval", "ce")
    assert eval_ce[-1] < 0.6 * eval_ce[0] or eval_ce[-1] < 0.5
    batches = pipeline.get_results("eval", num_steps=100)
    images, labels = (np.concatenate([batch[key] for batch in batches]) for key in ("x", "y"))
    predicted = np.argmax(network.predict({"x": images}, verbose=0)["y_pred"], axis=-1)
    assert np.mean(predicted == labels) > 0.7  # chance is 0.1


@pytest.mark.parametrize("engine", ["grain", "tf.data"])
def test_a_loader_started_at_a_batch_gives_the_rest_of_that_epoch(engine):
    ops = [LambdaOp(fn=lambda x: x + 1, inputs="x", outputs="x"), RandomCrop(2, 2, image_in="x")]
    images = {"x": np.arange(10 * 16, dtype="float32").reshape(10, 4, 4), "y": np.arange(10)}
    pipeline = fe.Pipeline(train_data=images, batch_size=3, ops=ops, engine=engine, num_process=2, seed=5)
    whole = list(numpy_batches(pipeline.get_loader("train", epoch=2)))
    rest = pipeline.get_loader("train", epoch=2, start=2)
    assert num_batches(rest) == 2
    for batch, expected in zip(numpy_batches(rest), whole[2:], strict=True):  # same shuffle, same random crops
        assert sorted(batch) == sorted(expected)
        for key in expected:
            np.testing.assert_array_equal(batch[key], expected[key])
    assert num_batches(pipeline.get_loader("train", epoch=2, max_steps=3, start=2)) == 1
