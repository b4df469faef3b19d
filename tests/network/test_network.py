"""The Network as a keras.Model: calling it, freezing it, evaluate's return values, dict-input models."""
import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.errors import ConfigError
from kerasfe.op.tensorop import CrossEntropy, MeanSquaredError, ModelOp, UpdateOp
from tests.conftest import classifier_network, dense_model


def weights_of(network):
    return [np.array(w) for w in network.get_weights()]


def test_calling_the_network_runs_the_infer_ops(blobs):
    model = fe.build(dense_model, "adam")
    outputs = classifier_network(model)({"x": blobs["x"][:4]})
    assert list(outputs) == ["y_pred"]
    np.testing.assert_allclose(keras.ops.convert_to_numpy(outputs["y_pred"]),
                               keras.ops.convert_to_numpy(model(blobs["x"][:4])), atol=1e-6)


def test_a_frozen_network_reports_losses_but_steps_no_optimizer(blobs):
    network = classifier_network(fe.build(dense_model, "adam"))
    before = weights_of(network)
    network.trainable = False
    history = network.fit(blobs, batch_size=16, epochs=1, verbose=0).history
    assert network.trainable_variables == [] and np.isfinite(history["ce"][0])
    for expected, actual in zip(before, weights_of(network)):
        np.testing.assert_array_equal(expected, actual)
    assert int(network.models[0].optimizer.iterations) == 0
    network.trainable = True
    network.fit(blobs, batch_size=16, epochs=1, verbose=0)
    assert int(network.models[0].optimizer.iterations) == 4
    assert any(not np.array_equal(b, a) for b, a in zip(before, weights_of(network)))


def test_a_frozen_model_keeps_its_weights_while_the_other_trains(blobs):
    frozen, trained = fe.build(dense_model, "adam"), fe.build(dense_model, "adam")
    frozen.trainable = False
    before = [np.array(w) for w in frozen.get_weights()]
    network = fe.Network(ops=[ModelOp(frozen, "x", "p1"), ModelOp(trained, "x", "p2"),
                              CrossEntropy(("p1", "y"), "ce1"), CrossEntropy(("p2", "y"), "ce2"),
                              UpdateOp(frozen, "ce1"), UpdateOp(trained, "ce2")])
    network.fit(blobs, batch_size=16, epochs=1, verbose=0)
    for expected, actual in zip(before, frozen.get_weights()):
        np.testing.assert_array_equal(expected, actual)
    assert int(frozen.optimizer.iterations) == 0 and int(trained.optimizer.iterations) == 4


def test_evaluate_returns_the_values_of_metrics_names_in_order(blobs):
    model = fe.build(dense_model, "adam")
    network = fe.Network(ops=[ModelOp(model, "x", "y_pred"), CrossEntropy(("y_pred", "y"), "ce"),
                              MeanSquaredError(("y_pred", "y_pred"), "zero"), UpdateOp(model, "ce")])
    logs = network.evaluate(blobs, batch_size=16, verbose=0, return_dict=True)
    assert network.metrics_names == ["loss", "ce", "zero"] and sorted(logs) == sorted(network.metrics_names)
    values = network.evaluate(blobs, batch_size=16, verbose=0)
    assert values == [logs["loss"], logs["ce"], logs["zero"]] and logs["loss"] == logs["ce"] and logs["zero"] == 0


def test_evaluate_of_one_loss_returns_one_value(blobs):
    model = fe.build(dense_model, "adam")
    network = fe.Network(ops=[ModelOp(model, "x", "y_pred"), CrossEntropy(("y_pred", "y"), "ce")])
    assert network.metrics_names == ["ce"]
    assert network.evaluate(blobs, batch_size=16, verbose=0) == network.evaluate(
        blobs, batch_size=16, verbose=0, return_dict=True)["ce"]


def dict_input_model():
    """A functional model on a dict of named inputs, as keras-hub backbones are ({"token_ids", "padding_mask"})."""
    inputs = {"token_ids": keras.Input((5,), name="token_ids"), "padding_mask": keras.Input((5,), name="padding_mask")}
    masked = keras.layers.Multiply()([inputs["token_ids"], inputs["padding_mask"]])
    return keras.Model(inputs, keras.layers.Dense(3, activation="softmax")(masked), name="backbone")


@pytest.fixture
def token_data():
    rng = np.random.default_rng(0)
    return {"tokens": rng.normal(size=(16, 5)).astype("float32"), "mask": (rng.uniform(size=(16, 5)) > 0.3).astype(
        "float32"), "y": rng.integers(0, 3, 16)}


@pytest.mark.parametrize("inputs", [{"token_ids": "tokens", "padding_mask": "mask"}, ["tokens", "mask"]])
def test_a_dict_input_model_gets_a_dict(token_data, inputs):
    model = fe.build(dict_input_model, "adam")
    network = fe.Network(ops=[ModelOp(model, inputs, "y_pred"), CrossEntropy(("y_pred", "y"), "ce"),
                              UpdateOp(model, "ce")])
    history = network.fit(token_data, batch_size=8, epochs=2, verbose=0).history
    assert history["ce"][1] < history["ce"][0]
    expected = model({"token_ids": token_data["tokens"], "padding_mask": token_data["mask"]})
    np.testing.assert_allclose(network.predict(token_data, batch_size=8, verbose=0)["y_pred"],
                               keras.ops.convert_to_numpy(expected), atol=1e-6)


def test_a_dict_input_model_needs_one_key_per_input():
    with pytest.raises(ConfigError, match=r"takes inputs \['token_ids', 'padding_mask'\], but the op lists the keys "
                                          r"\['tokens'\]"):
        ModelOp(dict_input_model(), "tokens", "y_pred")
