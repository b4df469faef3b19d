"""Every misuse case over the whole API, in one table: each ends in a kerasfe error, of the same type on every
backend, that names the op or trace, the key and the mode, before the first training step."""
import os

import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.dataset import CSVDataset
from kerasfe.errors import ConfigError, DataError, MissingKeyError, WrongTypeError
from kerasfe.op.numpyop import Minmax
from kerasfe.op.tensorop import CrossEntropy, Hinge, L1_Loss, MeanSquaredError, ModelOp, UpdateOp
from kerasfe.schedule import EpochScheduler
from kerasfe.trace.adapt import EarlyStopping
from kerasfe.trace.io import BestModelSaver, CSVLogger, ModelSaver
from kerasfe.trace.metric import Accuracy
from kerasfe.trace.trace import Trace

SAMPLES = 8


def model(inputs=4, units=3, activation="softmax", name=None):
    return fe.build(lambda: keras.Sequential([keras.Input((inputs,)), keras.layers.Dense(units, activation=activation)],
                                             name=name), "sgd")


def data(x=None, y=None, **keys):
    rng = np.random.default_rng(0)
    x = rng.random((SAMPLES, 4)).astype("float32") if x is None else x
    y = rng.integers(0, 3, SAMPLES) if y is None else y
    return {"x": x, "y": y, **keys}


def classifier(net=None, loss=None, extra=()):
    net = net or model()
    loss = loss or CrossEntropy(inputs=("y_pred", "y"), outputs="ce")
    return [ModelOp(model=net, inputs="x", outputs="y_pred"), loss, *extra, UpdateOp(model=net, loss_name="ce")]


def fit(ops=None, train=None, eval_data=None, traces=None, pipeline_kwargs=None, **estimator_kwargs):
    """Builds the run and fits it; a misuse must stop it before any training step."""
    network = fe.Network(ops=ops or classifier())
    pipeline = fe.Pipeline(train_data=data() if train is None else train, eval_data=eval_data, batch_size=4,
                           num_process=0, **(pipeline_kwargs or {}))
    estimator = fe.Estimator(pipeline, network, epochs=estimator_kwargs.pop("epochs", 2), traces=traces,
                             log_steps=None, **estimator_kwargs)
    try:
        estimator.fit()
    finally:
        assert int(network.optimizer.iterations) == 0  # nothing trained before the error
    raise AssertionError("the misuse trained without an error")


def with_value(array, index, value):
    """`array` with `value` at `index` (a row index: in rows 0 to 4, so in the first batch of 4 of any shuffle)."""
    index = (slice(0, 5),) + tuple(index[1:]) if isinstance(index, tuple) else slice(0, 5)
    array = np.array(array, dtype="float32" if isinstance(value, float) else array.dtype)
    array[index] = value
    return array


def csv_file(tmp_path, text):
    path = os.path.join(tmp_path, "data.csv")
    with open(path, "w") as file:
        file.write(text)
    return path


class Writes(Trace):
    def __init__(self, key, mode="train"):
        super().__init__(outputs=key, mode=mode)

    def on_epoch_end(self, data):
        data.write_with_log(self.outputs[0], 1.0)


LABELS = data()["y"]
X = data()["x"]
MODEL = "ModelOp"
CE = "CrossEntropy"

# id: (the misuse, the error type, what the message must name)
CASES = {
    # labels against the model's output width (first batch of each mode)
    "sparse label past the width": (lambda t: fit(train=data(y=with_value(LABELS, 1, 3))), DataError,
                                    [CE, "'y'", "'train'", "3"]),
    "sparse label far past the width": (lambda t: fit(train=data(y=with_value(LABELS, 0, 99))), DataError,
                                        [CE, "'y'", "'train'", "99"]),
    "negative sparse label": (lambda t: fit(train=data(y=with_value(LABELS, 2, -1))), DataError,
                              [CE, "'y'", "'train'", "-1"]),
    "label past the width in eval only": (lambda t: fit(eval_data=data(y=with_value(LABELS, 0, 5))), DataError,
                                          [CE, "'y'", "'eval'"]),
    "negative label in eval only": (lambda t: fit(eval_data=data(y=with_value(LABELS, 0, -2))), DataError,
                                    [CE, "'y'", "'eval'"]),
    "label past the width, (B, 1) labels": (lambda t: fit(train=data(y=with_value(LABELS, 0, 7)[:, None])),
                                            DataError, [CE, "'y'", "'train'"]),
    "fractional float labels": (lambda t: fit(train=data(y=with_value(LABELS, 0, 0.5))), DataError,
                                [CE, "'y'", "'train'", "0.5"]),
    "fractional labels, form='sparse'": (
        lambda t: fit(ops=classifier(loss=CrossEntropy(("y_pred", "y"), "ce", form="sparse")),
                      train=data(y=with_value(LABELS, 3, 1.25))), DataError, [CE, "'y'", "'train'"]),
    "binary label outside [0, 1]": (
        lambda t: fit(ops=classifier(net=model(units=1, activation="sigmoid")), train=data(y=with_value(LABELS, 0, 2))),
        DataError, [CE, "'y'", "'train'"]),
    "reversed CrossEntropy inputs": (lambda t: fit(ops=classifier(loss=CrossEntropy(("y", "y_pred"), "ce"))),
                                     ConfigError, [CE, "'y'", "'y_pred'", "'train'"]),
    "one-hot width mismatch": (lambda t: fit(train=data(y=np.eye(5, dtype="float32")[LABELS])), ConfigError,
                               [CE, "'y'", "'train'", "5", "3"]),
    "binary prediction, two-column labels": (
        lambda t: fit(ops=classifier(net=model(units=1, activation="sigmoid")),
                      train=data(y=np.eye(2, dtype="float32")[LABELS % 2])), ConfigError, [CE, "'y'", "'train'"]),
    # loss input shapes: no silent broadcasting
    "MeanSquaredError (B, 1) vs (B,)": (
        lambda t: fit(ops=classifier(net=model(units=1, activation=None), loss=MeanSquaredError(("y_pred", "y"), "ce")),
                      train=data(y=LABELS.astype("float32"))), ConfigError,
        ["MeanSquaredError", "'y'", "'y_pred'", "'train'", "(4, 1)", "(4,)"]),
    "MeanSquaredError (B, 3) vs (B, 2)": (
        lambda t: fit(ops=classifier(loss=MeanSquaredError(("y_pred", "y"), "ce")),
                      train=data(y=np.zeros((SAMPLES, 2), "float32"))), ConfigError,
        ["MeanSquaredError", "'y'", "'train'"]),
    "L1_Loss (B, 1) vs (B,)": (
        lambda t: fit(ops=classifier(net=model(units=1, activation=None), loss=L1_Loss(("y_pred", "y"), "ce")),
                      train=data(y=LABELS.astype("float32"))), ConfigError, ["L1_Loss", "'y'", "'train'"]),
    "Hinge (B, 3) vs (B,)": (
        lambda t: fit(ops=classifier(loss=Hinge(("y_pred", "y"), "ce")), train=data(y=LABELS.astype("float32"))),
        ConfigError, ["Hinge", "'y'", "'train'"]),
    # the Network's ops
    "input width mismatch": (lambda t: fit(train=data(x=np.zeros((SAMPLES, 5), "float32"))), ConfigError,
                             [MODEL, "'x'", "'train'", "(4, 5)"]),
    "input rank mismatch": (lambda t: fit(train=data(x=np.zeros((SAMPLES, 2, 2), "float32"))), ConfigError,
                            [MODEL, "'x'", "'train'"]),
    "input width mismatch in eval only": (lambda t: fit(eval_data=data(x=np.zeros((SAMPLES, 6), "float32"))),
                                          ConfigError, [MODEL, "'x'", "'eval'"]),
    "ModelOp reads a missing key": (lambda t: fit(train={"image": X, "y": LABELS}), MissingKeyError,
                                    [MODEL, "'x'", "'train'", "image"]),
    "loss reads a missing key": (lambda t: fit(train={"x": X, "label": LABELS}), MissingKeyError,
                                 [CE, "'y'", "'train'", "label"]),
    "eval data lacks the label key": (lambda t: fit(eval_data={"x": X}), MissingKeyError, [CE, "'y'", "'eval'"]),
    "two UpdateOps on one model": (
        lambda t: fe.Network(ops=_two_updates()), ConfigError, ["UpdateOp", "'ce'", "'train'", "twice"]),
    "two ModelOps write one key": (lambda t: fe.Network(ops=_two_model_ops()), ConfigError,
                                   [MODEL, "'y_pred'", "'train'"]),
    "UpdateOp scheduled after the last epoch": (
        lambda t: fit(ops=_late_update(5), epochs=3), ConfigError, ["UpdateOp", "'ce'", "'train'", "epoch 5"]),
    "UpdateOp on a loss nobody writes": (
        lambda t: fe.Network(ops=[ModelOp(MODEL_A, "x", "p"), UpdateOp(MODEL_A, "ce")]), ConfigError,
        ["UpdateOp", "'ce'", "'train'"]),
    "UpdateOp of a model no ModelOp calls": (lambda t: fe.Network(ops=_uncalled_update()), ConfigError,
                                             ["UpdateOp", "ce"]),
    "NumpyOp in the Network": (lambda t: fe.Network(ops=[Minmax("x", "x")]), WrongTypeError, ["Minmax", "Pipeline"]),
    "TensorOp in the Pipeline": (lambda t: fe.Pipeline(train_data=data(), batch_size=2, ops=classifier()),
                                 WrongTypeError, [MODEL, "Network"]),
    # Estimator settings
    "max_train_steps_per_epoch=0": (lambda t: fit(max_train_steps_per_epoch=0), ConfigError,
                                    ["max_train_steps_per_epoch", "'train'", "0"]),
    "max_train_steps_per_epoch=-5": (lambda t: fit(max_train_steps_per_epoch=-5), ConfigError,
                                     ["max_train_steps_per_epoch", "'train'", "-5"]),
    "max_train_steps_per_epoch=1.5": (lambda t: fit(max_train_steps_per_epoch=1.5), ConfigError,
                                      ["max_train_steps_per_epoch", "'train'", "1.5"]),
    "max_eval_steps_per_epoch=0": (lambda t: fit(max_eval_steps_per_epoch=0, eval_data=data()), ConfigError,
                                   ["max_eval_steps_per_epoch", "'eval'", "0"]),
    "epochs=0": (lambda t: fit(epochs=0), ConfigError, ["Estimator", "epochs"]),
    "steps_per_execution=0": (lambda t: fit(steps_per_execution=0), ConfigError, ["Estimator", "steps_per_execution"]),
    # Traces
    "metric without eval_data": (lambda t: fit(traces=[Accuracy("y", "y_pred")]), ConfigError,
                                 ["Accuracy", "'y'", "'eval'", "eval_data"]),
    "BestModelSaver without eval_data": (
        lambda t: fit(traces=[BestModelSaver(model(), str(t), metric="ce")]), ConfigError,
        ["BestModelSaver", "'ce'", "'eval'", "eval_data"]),
    "metric reads a missing key": (lambda t: fit(traces=[Accuracy("label", "y_pred")], eval_data=data()),
                                   MissingKeyError, ["Accuracy", "'label'", "'eval'"]),
    "EarlyStopping monitors a missing key": (lambda t: fit(traces=[EarlyStopping(monitor="acc")], eval_data=data()),
                                             MissingKeyError, ["EarlyStopping", "'acc'", "'eval'"]),
    "two traces write one key": (lambda t: fit(traces=[Writes("score"), Writes("score")]), ConfigError,
                                 ["Writes", "'score'", "'train'"]),
    "a trace overwrites a loss key": (lambda t: fit(traces=[Writes("ce")]), ConfigError, ["Writes", "'ce'", "'train'"]),
    "ModelSaver(max_to_keep=0)": (lambda t: ModelSaver(model(), str(t), max_to_keep=0), ConfigError,
                                  ["ModelSaver", "max_to_keep"]),
    "ModelSaver(frequency=0)": (lambda t: ModelSaver(model(), str(t), frequency=0), ConfigError,
                                ["ModelSaver", "frequency"]),
    "ModelSaver(frequency=-2)": (lambda t: ModelSaver(model(), str(t), frequency=-2), ConfigError,
                                 ["ModelSaver", "frequency"]),
    "CSVLogger into a folder under a file": (lambda t: CSVLogger(os.path.join(csv_file(t, ""), "logs", "log.csv")),
                                             ConfigError, ["CSVLogger", "filename"]),
    # the Pipeline's data
    "empty train data": (lambda t: fit(train={"x": X[:0], "y": LABELS[:0]}), DataError, ["Pipeline", "'train'"]),
    "empty eval data": (lambda t: fit(eval_data={"x": X[:0], "y": LABELS[:0]}), DataError, ["Pipeline", "'eval'"]),
    "drop_last leaves no batch": (lambda t: fit(train=data(x=X[:3], y=LABELS[:3]), pipeline_kwargs={"drop_last": True}),
                                  DataError, ["Pipeline", "'train'", "drop_last", "3"]),
    "string labels": (lambda t: fit(train=data(y=np.array(["cat", "dog"] * 4))), DataError,
                      ["Pipeline", "'y'", "'train'", "str"]),
    "empty CSV cells": (lambda t: fit(train=CSVDataset(csv_file(t, "x,y\n" + "1.0,0\n,1\n" * 4)),
                                      ops=[ModelOp(MODEL_1, "x", "y_pred"), MeanSquaredError(("y_pred", "y"), "ce")]),
                        DataError, ["Pipeline", "'x'", "'train'"]),
    "NaN in the input": (lambda t: fit(train=data(x=with_value(X, (1, 2), np.nan))), DataError,
                         ["Pipeline", "'x'", "'train'", "NaN", "batch 0"]),
    "Inf in the input": (lambda t: fit(train=data(x=with_value(X, (0, 0), np.inf))), DataError,
                         ["Pipeline", "'x'", "'train'", "batch 0"]),
    "NaN in the eval input": (lambda t: fit(eval_data=data(x=with_value(X, (3, 1), np.nan))), DataError,
                              ["Pipeline", "'x'", "'eval'", "batch 0"]),
    "NaN in the labels": (lambda t: fit(train=data(y=with_value(LABELS, 0, np.nan))), DataError,
                          ["Pipeline", "'y'", "'train'", "NaN"]),
    "string labels, tf.data engine": (
        lambda t: fit(train=data(y=np.array(["cat", "dog"] * 4)), pipeline_kwargs={"engine": "tf.data"}), DataError,
        ["Pipeline", "'y'", "'train'"]),
    "NumpyOp fails, tf.data engine": (
        lambda t: fit(train=data(x=np.array(["a"] * SAMPLES)), pipeline_kwargs={"engine": "tf.data", "ops": [
            Minmax("x", "x")]}), DataError, ["Minmax", "'x'", "'train'", "batch 0"]),
    "Pipeline batch_size=0": (lambda t: fe.Pipeline(train_data=data(), batch_size=0), ConfigError,
                              ["Pipeline", "batch_size"]),
    "Pipeline engine unknown": (lambda t: fe.Pipeline(train_data=data(), batch_size=2, engine="torch"), ConfigError,
                                ["Pipeline", "engine"]),
}

MODEL_A = model(name="model_a")
MODEL_1 = model(inputs=1, units=1, activation=None)


def _two_updates():
    net = model()
    return classifier(net=net, extra=[UpdateOp(model=net, loss_name="ce")])


def _two_model_ops():
    net, other = model(), model()
    return [ModelOp(net, "x", "y_pred"), ModelOp(other, "x", "y_pred"), CrossEntropy(("y_pred", "y"), "ce"),
            UpdateOp(net, "ce")]


def _late_update(epoch):
    net = model()
    return [ModelOp(net, "x", "y_pred"), CrossEntropy(("y_pred", "y"), "ce"),
            EpochScheduler({epoch: UpdateOp(net, "ce")})]


def _uncalled_update():
    net, other = model(), model()
    return [ModelOp(net, "x", "y_pred"), CrossEntropy(("y_pred", "y"), "ce"), UpdateOp(other, "ce")]


def test_the_table_has_at_least_40_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", list(CASES))
def test_misuse_ends_in_a_kerasfe_error_naming_what_is_wrong(case, tmp_path):
    misuse, error_type, named = CASES[case]
    with pytest.raises(error_type) as raised:
        misuse(tmp_path)
    message = str(raised.value)
    assert [part for part in named if part not in message] == [], message
