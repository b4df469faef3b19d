"""Scheduled ops and optimizers in the Network: re-traces only when the signature changes."""
import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe import backend
from kerasfe.errors import ConfigError, MissingKeyError
from kerasfe.op.tensorop import CrossEntropy, LambdaOp, LayerOp, ModelOp, UpdateOp
from kerasfe.schedule import EpochScheduler, RepeatScheduler
from tests.conftest import classifier_network, dense_model

# Python runs of train_step per fit of the first epoch: one trace under JAX; TensorFlow traces a tf.function
# twice on its first call (as for any keras.Model); the torch trainer runs train_step eagerly, once per batch.
FIRST_TRACES = {"jax": 1, "tensorflow": 2, "torch": 4}[keras.backend.backend()]


def conv_model():
    return keras.Sequential([keras.Input((None, None, 1)), keras.layers.Conv2D(2, 3),
                             keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(3, activation="softmax")])


def test_progressive_resizing_traces_once_per_signature_and_never_per_batch():
    model = fe.build(conv_model, "adam")
    network = classifier_network(model)
    traces = []
    network._steps = type("Counting", (), {
        "train_step": staticmethod(lambda net, *args: traces.append(1) or network_steps.train_step(net, *args)),
        "test_step": staticmethod(lambda net, *args: network_steps.test_step(net, *args)),
        "predict_step": staticmethod(lambda net, *args: network_steps.predict_step(net, *args))})
    rng = np.random.default_rng(0)
    per_epoch = []
    for epoch, size in zip((1, 2, 3, 4), (16, 16, 32, 32)):
        data = {"x": rng.uniform(size=(32, size, size, 1)).astype("float32"), "y": rng.integers(0, 3, 32)}
        before = len(traces)
        network.fit(data, batch_size=8, initial_epoch=epoch - 1, epochs=epoch, verbose=0)
        per_epoch.append(len(traces) - before)
    eager = FIRST_TRACES == 4
    assert per_epoch == ([4, 4, 4, 4] if eager else [FIRST_TRACES, 0, 1, 0])
    assert int(model.optimizer.iterations) == 16


network_steps = backend.current()


def test_scheduled_ops_reset_the_step_only_when_the_op_set_changes(blobs):
    model = fe.build(dense_model, "adam")
    double = LambdaOp(fn=lambda x: 2.0 * x, inputs="x", outputs="x")
    network = fe.Network(ops=[EpochScheduler({1: None, 3: double}), ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"), UpdateOp(model=model, loss_name="ce")])
    assert network.get_signature_epochs(5) == [1, 3]
    functions = []
    for epoch in (1, 2, 3, 4):
        network.fit(blobs, batch_size=32, initial_epoch=epoch - 1, epochs=epoch, verbose=0)
        functions.append(network.train_function)
        assert (double in network.ops) == (epoch >= 3)
    assert functions[0] is functions[1] and functions[1] is not functions[2] and functions[2] is functions[3]
    network.set_epoch(3)
    prediction = network.predict({"x": blobs["x"][:4]}, verbose=0)["y_pred"]
    np.testing.assert_allclose(prediction, keras.ops.convert_to_numpy(model(2 * blobs["x"][:4])), atol=1e-6)


def test_fit_over_a_schedule_change_is_an_error(blobs):
    model = fe.build(dense_model, "adam")
    network = fe.Network(ops=classifier_network(model).ops + [RepeatScheduler([None, LambdaOp(
        fn=keras.ops.mean, inputs="ce", outputs="ce_mean")])])
    with pytest.raises(ConfigError, match="call fit once per epoch"):
        network.fit(blobs, batch_size=32, epochs=2, verbose=0)


def test_every_scheduled_op_set_is_checked():
    model = fe.build(dense_model, "adam")
    with pytest.raises(ConfigError, match=r"no op writes it in mode 'train' \(ops of epoch 2\)"):
        fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                        EpochScheduler({1: CrossEntropy(inputs=("y_pred", "y"), outputs="ce"), 2: None}),
                        UpdateOp(model=model, loss_name="ce")])
    network = fe.Network(ops=[EpochScheduler({1: None, 4: LambdaOp(fn=keras.ops.abs, inputs="z", outputs="x")}),
                              ModelOp(model=model, inputs="x", outputs="y_pred")])
    with pytest.raises(MissingKeyError, match=r"needs key 'z' in mode 'infer'"):
        network.predict({"x": np.ones((4, 4), "float32")}, verbose=0)


def test_scheduled_optimizer_switches_and_keeps_training(blobs):
    model = fe.build(dense_model, EpochScheduler({1: "adam", 3: lambda: keras.optimizers.SGD(0.01)}))
    adam = model.optimizer
    network = classifier_network(model)
    assert network.get_signature_epochs(4) == [1, 3]
    for epoch in (1, 2, 3, 4):
        before = model.get_weights()
        network.fit(blobs, batch_size=16, initial_epoch=epoch - 1, epochs=epoch, verbose=0)
        assert not np.allclose(before[0], model.get_weights()[0])
    sgd = model.optimizer
    assert isinstance(adam, keras.optimizers.Adam) and isinstance(sgd, keras.optimizers.SGD)
    assert int(adam.iterations) == 8 and int(sgd.iterations) == 8
    assert all(any(v is w for w in network.optimizer.variables) for v in sgd.variables)
    with pytest.raises(ConfigError, match="at every epoch"):
        fe.build(dense_model, EpochScheduler({2: "adam"}))


def test_augmentation_layer_runs_in_the_step_and_draws_anew_each_step():
    model = fe.build(conv_model, "adam")
    network = fe.Network(ops=[LayerOp(keras.layers.RandomFlip("horizontal", seed=1), inputs="x", outputs="x_aug",
                                      mode="train"),
                              ModelOp(model=model, inputs="x_aug", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"), UpdateOp(model=model, loss_name="ce")])
    x = np.tile(np.arange(4, dtype="float32")[None, None, :, None], (64, 4, 1, 1))
    network.bus_keys = ("x_aug",)
    flipped = []
    network.fit({"x": x, "y": np.zeros(64, "int64")}, batch_size=16, epochs=1, verbose=0, callbacks=[
        keras.callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: flipped.append(
            keras.ops.convert_to_numpy(logs["bus/x_aug"])[:, 0, 0, 0] == 3))])
    flipped = np.concatenate(flipped)
    assert 10 < flipped.sum() < 54
    assert len({tuple(chunk) for chunk in flipped.reshape(4, 16)}) > 1
