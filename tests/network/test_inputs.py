"""Everything `keras.Model.fit` accepts reaches a Network: dict batches, (x, y[, sample_weight]) tuples with x and y
put under the keys the ops read, generators, torch DataLoaders; sample_weight and class_weight weigh the loss ops
exactly as Keras weighs its losses."""
import keras
import numpy as np
import pytest
import tensorflow as tf

import kerasfe as fe
from kerasfe.errors import ConfigError
from kerasfe.op.tensorop import (CrossEntropy, Dice, FocalLoss, Hinge, L1_Loss, MeanSquaredError, ModelOp, SuperLoss,
                                 UpdateOp)
from tests.conftest import classifier_network, dense_model

RNG = np.random.default_rng(0)
LABELS = RNG.integers(0, 3, 32)
X = (RNG.normal(size=(32, 4)) + 2.0 * np.eye(3, 4)[LABELS]).astype("float32")
WEIGHTS = RNG.uniform(0.0, 2.0, 32).astype("float32")


def network_and_oracle(learning_rate=0.1, initial=None):
    """A fe classifier Network and a plain Keras copy of its model with the same initial weights (`initial`,
    or the model's own)."""
    model = fe.build(dense_model, lambda: keras.optimizers.SGD(learning_rate))
    if initial is not None:
        model.set_weights(initial)
    oracle = dense_model(name="oracle")
    oracle.set_weights(model.get_weights())
    oracle.compile(keras.optimizers.SGD(learning_rate), "sparse_categorical_crossentropy")
    return classifier_network(model), model, oracle


def assert_same_weights(model, oracle):
    for weight, expected in zip(model.get_weights(), oracle.get_weights()):
        np.testing.assert_allclose(weight, expected, atol=1e-6)


def batches(size=8):
    return [(index, index + size) for index in range(0, 32, size)]


def input_forms():
    """Each way Keras takes the 32 samples, in batches of 8, as (args, kwargs) of `fit`."""
    dict_batches = [{"x": X[a:b], "y": LABELS[a:b]} for a, b in batches()]
    forms = {
        "x dict, y array": (({"x": X}, LABELS), {"batch_size": 8}),
        "x array, y array": ((X, LABELS), {"batch_size": 8}),
        "tf.data of (x dict, y)": ((tf.data.Dataset.from_tensor_slices(({"x": X}, LABELS)).batch(8),), {}),
        "tf.data of dicts": ((tf.data.Dataset.from_tensor_slices({"x": X, "y": LABELS}).batch(8),), {}),
        "generator of dicts": (((batch for batch in dict_batches),), {}),
        "generator of (x dict, y)": ((((batch["x"], batch["y"]) for batch in dict_batches),), {}),
        "generator of x arrays, y": ((((X[a:b], LABELS[a:b]) for a, b in batches()),), {}),
    }
    return forms


@pytest.mark.parametrize("form", list(input_forms()))
def test_every_input_form_trains_like_keras_on_the_same_batches(form):
    network, model, oracle = network_and_oracle()
    args, kwargs = input_forms()[form]
    network.fit(*args, epochs=1, shuffle=False, verbose=0, **kwargs)
    oracle.fit(X, LABELS, batch_size=8, epochs=1, shuffle=False, verbose=0)
    assert_same_weights(model, oracle)


def test_predict_takes_an_array_alone_as_keras_does():
    network, model, oracle = network_and_oracle()
    expected = oracle.predict(X, batch_size=8, verbose=0)
    np.testing.assert_allclose(network.predict(X, batch_size=8, verbose=0)["y_pred"], expected, atol=1e-6)


def test_a_torch_data_loader_of_dicts_trains_like_keras():
    torch = pytest.importorskip("torch")

    class Samples(torch.utils.data.Dataset):
        def __len__(self):
            return 32

        def __getitem__(self, index):
            return {"x": torch.from_numpy(X[index]), "y": torch.tensor(LABELS[index])}

    network, model, oracle = network_and_oracle()
    network.fit(torch.utils.data.DataLoader(Samples(), batch_size=8, shuffle=False), epochs=1, verbose=0)
    oracle.fit(X, LABELS, batch_size=8, epochs=1, shuffle=False, verbose=0)
    assert_same_weights(model, oracle)
    assert network.evaluate(torch.utils.data.DataLoader(Samples(), batch_size=8), verbose=0, return_dict=True)[
        "ce"] == pytest.approx(oracle.evaluate(X, LABELS, batch_size=8, verbose=0), abs=1e-6)


def two_target_network(**keys):
    model = fe.build(lambda: keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)]), "sgd")
    return fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="pred"),
                           MeanSquaredError(inputs=("pred", "a"), outputs="mse_a"),
                           MeanSquaredError(inputs=("pred", "b"), outputs="mse_b", mode="eval"),
                           UpdateOp(model=model, loss_name="mse_a")], **keys)


def two_input_network(**keys):
    model = fe.build(lambda: keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)]), "sgd")
    return fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="pred"),
                           ModelOp(model=model, inputs="z", outputs="pred_z"),
                           MeanSquaredError(inputs=("pred", "a"), outputs="mse"),
                           UpdateOp(model=model, loss_name="mse")], **keys)


def test_y_goes_to_the_single_loss_target_and_x_to_the_single_other_input_else_their_key_is_asked_for():
    target = X[:, :1]
    with pytest.raises(ConfigError, match=r"cannot tell which batch key a positional y fills: the loss ops read "
                                          r"\['a', 'b'\] as targets; give Network\(\.\.\., y_key=\.\.\.\)"):
        two_target_network().fit({"x": X}, target, epochs=1, verbose=0)
    network = two_target_network(y_key="a")
    network.fit(X, target, batch_size=8, epochs=1, verbose=0)
    assert sorted(network.batch_from((X, target, WEIGHTS))) == ["a", "sample_weight", "x"]
    with pytest.raises(ConfigError, match=r"cannot tell which batch key a positional x fills: the ops read "
                                          r"\['x', 'z'\] besides the loss targets, and no op writes them; give "
                                          r"Network\(\.\.\., x_key=\.\.\.\)"):
        two_input_network().fit(X, target, epochs=1, verbose=0)
    assert sorted(two_input_network(x_key="z").batch_from((X, target))) == ["a", "z"]
    with pytest.raises(ConfigError, match=r"y_key 'c' is not a key any op reads \(and no op writes\); the ops read "
                                          r"\['a', 'b', 'x'\]"):
        two_target_network(y_key="c")


PRED = RNG.uniform(0.05, 0.95, (6, 3)).astype("float32")
PRED /= PRED.sum(axis=1, keepdims=True)
SPARSE = np.array([0, 2, 1, 1, 0, 2])
ONE_HOT = np.eye(3, dtype="float32")[SPARSE]
BINARY = (RNG.uniform(size=(6, 1)) > 0.5).astype("float32")
W = np.array([0.0, 1.0, 2.0, 0.5, 1.5, 3.0], "float32")
LOSSES = {  # kerasfe op, its Keras counterpart, (y_pred, y_true)
    "sparse ce": (CrossEntropy(inputs=("p", "y"), outputs="l"), keras.losses.SparseCategoricalCrossentropy(),
                  (PRED, SPARSE)),
    "categorical ce": (CrossEntropy(inputs=("p", "y"), outputs="l"), keras.losses.CategoricalCrossentropy(),
                       (PRED, ONE_HOT)),
    "binary ce": (CrossEntropy(inputs=("p", "y"), outputs="l"), keras.losses.BinaryCrossentropy(),
                  (PRED[:, :1], BINARY)),
    "mse": (MeanSquaredError(inputs=("p", "y"), outputs="l"), keras.losses.MeanSquaredError(), (PRED, ONE_HOT)),
    "hinge": (Hinge(inputs=("p", "y"), outputs="l"), keras.losses.Hinge(), (PRED - 0.5, 2 * ONE_HOT - 1)),
    "l1": (L1_Loss(inputs=("p", "y"), outputs="l"), keras.losses.MeanAbsoluteError(), (PRED, ONE_HOT)),
    "huber": (L1_Loss(inputs=("p", "y"), outputs="l", loss_type="Huber", beta=0.3), keras.losses.Huber(delta=0.3),
              (3 * PRED, ONE_HOT)),
    "focal": (FocalLoss(inputs=("p", "y"), outputs="l", alpha=None, normalize=False, shape_reduction="mean"),
              keras.losses.BinaryFocalCrossentropy(gamma=2.0), (PRED, ONE_HOT)),
    "dice": (Dice(inputs=("p", "y"), outputs="l", channel_average=False, epsilon=keras.backend.epsilon()),
             keras.losses.Dice(axis=(1,)), (PRED, ONE_HOT)),
}


@pytest.mark.parametrize("name", list(LOSSES))
def test_a_weighted_loss_op_equals_the_keras_loss_with_sample_weight(name):
    op, keras_loss, (y_pred, y_true) = LOSSES[name]
    state = {"mode": "train", "sample_weight": keras.ops.convert_to_tensor(W)}
    weighted = keras.ops.convert_to_numpy(op.forward([keras.ops.convert_to_tensor(y_pred), y_true], state))
    expected = keras.ops.convert_to_numpy(keras_loss(y_true, y_pred, sample_weight=W))
    np.testing.assert_allclose(weighted, expected, rtol=1e-5, atol=1e-6)
    unweighted = op.forward([keras.ops.convert_to_tensor(y_pred), y_true], {"mode": "train"})
    np.testing.assert_allclose(keras.ops.convert_to_numpy(unweighted), keras.ops.convert_to_numpy(
        keras_loss(y_true, y_pred)), rtol=1e-5, atol=1e-6)


def test_per_sample_and_super_losses_are_weighted_per_sample():
    per_sample = CrossEntropy(inputs=("p", "y"), outputs="l", average_loss=False)
    state = {"mode": "train", "sample_weight": keras.ops.convert_to_tensor(W[:, None])}
    values = keras.ops.convert_to_numpy(per_sample.forward([keras.ops.convert_to_tensor(PRED), SPARSE], state))
    np.testing.assert_allclose(values, W * -np.log(PRED[np.arange(6), SPARSE]), rtol=1e-5)
    superloss = SuperLoss(CrossEntropy(inputs=("p", "y"), outputs="l"), threshold=1.0, average_loss=False)
    plain = keras.ops.convert_to_numpy(superloss.forward([keras.ops.convert_to_tensor(PRED), SPARSE], {}))
    weighted = SuperLoss(CrossEntropy(inputs=("p", "y"), outputs="l"), threshold=1.0)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(weighted.forward([keras.ops.convert_to_tensor(PRED),
                                                                            SPARSE], state)),
                               np.mean(W * plain), rtol=1e-5)


def test_fit_and_evaluate_with_sample_weight_match_keras():
    network, model, oracle = network_and_oracle()
    network.fit({"x": X}, LABELS, sample_weight=WEIGHTS, batch_size=8, epochs=2, shuffle=False, verbose=0)
    oracle.fit(X, LABELS, sample_weight=WEIGHTS, batch_size=8, epochs=2, shuffle=False, verbose=0)
    assert_same_weights(model, oracle)
    as_tuples = tf.data.Dataset.from_tensor_slices(({"x": X}, LABELS, WEIGHTS)).batch(8)
    assert network.evaluate(as_tuples, verbose=0, return_dict=True)["ce"] == pytest.approx(
        oracle.evaluate(X, LABELS, sample_weight=WEIGHTS, batch_size=8, verbose=0), abs=1e-6)


def test_a_zero_sample_weight_drops_the_sample():
    """Keras divides a weighted loss by the batch size, so half a batch of zero weights equals the other half
    alone, in batches half as large, at half the learning rate."""
    kept = np.arange(32) % 2 == 1
    weighted, weighted_model, _ = network_and_oracle(learning_rate=0.2)
    halved, halved_model, _ = network_and_oracle(learning_rate=0.1, initial=weighted_model.get_weights())
    weighted.fit({"x": X, "y": LABELS, "sample_weight": kept.astype("float32")}, batch_size=8, epochs=2,
                 shuffle=False, verbose=0)
    halved.fit({"x": X[kept], "y": LABELS[kept]}, batch_size=4, epochs=2, shuffle=False, verbose=0)
    for weight, expected in zip(weighted_model.get_weights(), halved_model.get_weights()):
        np.testing.assert_allclose(weight, expected, atol=1e-6)


@pytest.mark.parametrize("labels", ["sparse", "one-hot", "column"])
def test_class_weight_equals_the_same_sample_weight(labels):
    class_weight = {0: 0.5, 1: 2.0}  # class 2 keeps weight 1, as in Keras
    targets = {"sparse": LABELS, "one-hot": np.eye(3, dtype="float32")[LABELS], "column": LABELS[:, None]}[labels]
    by_class, class_model, _ = network_and_oracle()
    by_sample, sample_model, oracle = network_and_oracle(initial=class_model.get_weights())
    by_class.fit({"x": X, "y": targets}, class_weight=class_weight, batch_size=8, epochs=2, shuffle=False,
                 verbose=0)
    sample_weight = np.array([class_weight.get(int(label), 1.0) for label in LABELS], "float32")
    by_sample.fit({"x": X}, targets, sample_weight=sample_weight, batch_size=8, epochs=2, shuffle=False, verbose=0)
    for weight, expected in zip(class_model.get_weights(), sample_model.get_weights()):
        np.testing.assert_allclose(weight, expected, atol=1e-6)
    if labels == "sparse":
        oracle.fit(X, LABELS, class_weight=class_weight, batch_size=8, epochs=2, shuffle=False, verbose=0)
        assert_same_weights(class_model, oracle)
    with pytest.raises(ConfigError, match="give class_weight or sample_weight, not both"):
        by_class.fit({"x": X}, targets, sample_weight=sample_weight, class_weight=class_weight, verbose=0)

