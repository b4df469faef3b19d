"""Sources of unknown or endless length train through fe.Estimator: one epoch is one pass (or `max_*_steps`
batches), steps, global steps, samples and the trained weights are exactly those of plain Keras on the same
batches, and an endless source without a step limit is a ConfigError before the first step."""
import grain
import keras
import numpy as np
import pytest
import tensorflow as tf

import kerasfe as fe
from kerasfe.errors import ConfigError
from kerasfe.op.tensorop import MeanSquaredError, ModelOp, UpdateOp
from kerasfe.trace import Trace

RNG = np.random.default_rng(0)
DATA = {"x": RNG.normal(size=(10, 3)).astype("float32"), "y": RNG.normal(size=(10, 1)).astype("float32"),
        "i": np.arange(10)}
SAMPLES = [{key: values[index] for key, values in DATA.items()} for index in range(10)]


class Counter(Trace):
    """Counts batch hooks per mode and keeps the sample ids of every epoch, the global step at each train
    batch end, and `system.epoch_steps` at each train epoch's start."""

    def __init__(self):
        super().__init__(inputs="i", mode=("train", "eval"))
        self.begins, self.ends = {"train": 0, "eval": 0}, {"train": 0, "eval": 0}
        self.ids, self.steps, self.epoch_steps = {"train": [], "eval": []}, [], []

    def on_epoch_begin(self, data):
        self.ids[self.system.mode].append([])
        if self.system.mode == "train":
            self.epoch_steps.append(self.system.epoch_steps)

    def on_batch_begin(self, data):
        self.begins[self.system.mode] += 1

    def on_batch_end(self, data):
        self.ends[self.system.mode] += 1
        self.ids[self.system.mode][-1].append(data["i"].tolist())
        if self.system.mode == "train":
            self.steps.append(self.system.global_step)


def tiny_model():
    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)], name="tiny")


def estimator(train_data, eval_data=None, engine="grain", **estimator_args):
    """A 2-epoch Estimator of the tiny model; returns it, its Counter, the model and its initial weights."""
    model = fe.build(tiny_model, lambda: keras.optimizers.SGD(0.1))
    initial = [np.array(weight) for weight in model.get_weights()]
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              MeanSquaredError(inputs=("y_pred", "y"), outputs="mse"),
                              UpdateOp(model=model, loss_name="mse")])
    counter = Counter()
    pipeline = fe.Pipeline(train_data=train_data, eval_data=eval_data, batch_size=4, engine=engine)
    return fe.Estimator(pipeline, network, epochs=2, traces=[counter], log_steps=None, **estimator_args), counter, \
        model, initial


def train(train_data, eval_data=None, engine="grain", **estimator_args):
    """Trains the tiny model for 2 epochs; returns the Counter, the model and its initial weights."""
    run, counter, model, initial = estimator(train_data, eval_data, engine, **estimator_args)
    run.fit()
    return counter, model, initial


def keras_weights(initial, order, epochs=2):
    """The weights plain Keras reaches from `initial` on the samples in `order`, in batches of 4, unshuffled."""
    oracle = tiny_model()
    oracle.set_weights(initial)
    oracle.compile(keras.optimizers.SGD(0.1), "mse")
    oracle.fit(DATA["x"][order], DATA["y"][order], batch_size=4, epochs=epochs, shuffle=False, verbose=0)
    return oracle.get_weights()


def assert_weights(model, expected):
    for weight, want in zip(model.get_weights(), expected):
        np.testing.assert_allclose(weight, want, atol=1e-6)


ONE_PASS = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]


def unknown_sources():
    return {
        "filtered tf.data": tf.data.Dataset.from_tensor_slices(DATA).filter(lambda sample: sample["i"] >= 0),
        "grain IterDataset": grain.MapDataset.source(SAMPLES).to_iter_dataset(),
        "generator function": lambda: (sample for sample in SAMPLES),
        "generator object": (sample for sample in SAMPLES),
    }


@pytest.mark.parametrize("kind, engine", [("filtered tf.data", "tf.data"), ("grain IterDataset", "grain"),
                                          ("grain IterDataset", "tf.data"), ("generator function", "grain"),
                                          ("generator function", "tf.data"), ("generator object", "grain")])
def test_a_source_of_unknown_length_runs_one_pass_per_epoch(kind, engine):
    source, evaluation = unknown_sources()[kind], unknown_sources()[kind]
    counter, model, initial = train(source, evaluation, engine=engine)
    assert counter.ids == {"train": [ONE_PASS, ONE_PASS], "eval": [ONE_PASS, ONE_PASS]}
    assert counter.steps == [1, 2, 3, 4, 5, 6]
    assert counter.begins == counter.ends == {"train": 6, "eval": 6}
    assert counter.epoch_steps == [None, None]
    assert_weights(model, keras_weights(initial, np.arange(10)))


def test_an_endless_source_runs_max_steps_per_epoch_and_restarts_each_epoch():
    endless = tf.data.Dataset.from_tensor_slices(DATA).repeat()
    counter, model, initial = train(endless, endless, max_train_steps_per_epoch=5, max_eval_steps_per_epoch=2)
    train_epoch = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 0, 1], [2, 3, 4, 5], [6, 7, 8, 9]]
    assert counter.ids == {"train": [train_epoch] * 2, "eval": [train_epoch[:2]] * 2}
    assert counter.steps == list(range(1, 11)) and counter.epoch_steps == [5, 5]
    assert counter.begins == counter.ends == {"train": 10, "eval": 4}
    assert_weights(model, keras_weights(initial, np.tile(np.arange(10), 2)))


def test_an_endless_grain_source_and_a_short_one_with_a_step_limit():
    endless = grain.MapDataset.source(SAMPLES).repeat()
    counter, _, _ = train(endless, max_train_steps_per_epoch=2)
    assert counter.ids["train"] == [ONE_PASS[:2]] * 2 and counter.steps == [1, 2, 3, 4]
    counter, _, _ = train(lambda: iter(SAMPLES), max_train_steps_per_epoch=5)  # runs out first
    assert counter.ids["train"] == [ONE_PASS] * 2 and counter.steps == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("mode", ["train", "eval"])
def test_an_endless_source_without_a_step_limit_fails_before_the_first_step(mode):
    endless = tf.data.Dataset.from_tensor_slices(DATA).repeat()
    limit = "max_train_steps_per_epoch" if mode == "train" else "max_eval_steps_per_epoch"
    sources = {"train_data": DATA, "eval_data": DATA, f"{mode}_data": endless}
    run, counter, model, initial = estimator(sources["train_data"], sources["eval_data"])
    with pytest.raises(ConfigError, match=rf"the {mode} data never runs out \(a tf.data.Dataset of infinite "
                                          rf"cardinality\), so its epochs need a step limit: Estimator\({limit}"):
        run.fit()
    assert counter.ends == {"train": 0, "eval": 0}
    assert_weights(model, initial)
