import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.architecture import LeNet
from kerasfe.dataset.data import digits
from kerasfe.errors import ConfigError
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
from tests.conftest import classifier_network, dense_model


def test_lenet_learns_digits_to_95_percent():
    train, evaluation, test = digits.load_data()
    model = fe.build(model_fn=lambda: LeNet(input_shape=(28, 28, 1), classes=10), optimizer_fn="adam")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce")])
    pipeline = fe.Pipeline(train_data=train, eval_data=evaluation, test_data=test, batch_size=32, seed=0)
    estimator = fe.Estimator(pipeline=pipeline, network=network, epochs=8, verbose=False)
    history = estimator.fit()
    assert len(history["train"]["ce"]) == 8 and len(history["eval"]["ce"]) == 8
    assert estimator.test()["ce"] < history["eval"]["ce"][0]
    predicted = network.predict({"x": test["x"]}, batch_size=64, verbose=0)["y_pred"].argmax(-1)
    assert (predicted == test["y"]).mean() >= 0.95


def test_step_caps_and_history(blobs, capsys):
    network = classifier_network(fe.build(dense_model, "adam"))
    pipeline = fe.Pipeline(train_data=blobs, eval_data=blobs, batch_size=8, seed=0)
    estimator = fe.Estimator(pipeline=pipeline, network=network, epochs=3, max_train_steps_per_epoch=2,
                             max_eval_steps_per_epoch=1)
    history = estimator.fit()
    assert int(network.optimizer.iterations) == 6
    assert set(history["train"]) == {"ce", "loss"} and len(history["eval"]["ce"]) == 3
    printed = capsys.readouterr().out
    assert "FastEstimator-Train: epoch: 3; ce:" in printed and "FastEstimator-Eval: epoch: 3; ce:" in printed


def test_test_runs_the_test_mode_ops(blobs):
    model = fe.build(dense_model, "adam")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="test_ce", mode="test"),
                              UpdateOp(model=model, loss_name="ce")])
    estimator = fe.Estimator(fe.Pipeline(train_data=blobs, test_data=blobs, batch_size=16), network, epochs=1,
                             verbose=False)
    estimator.fit()
    logs = estimator.test()
    assert set(logs) == {"ce", "test_ce", "loss"}
    np.testing.assert_allclose(logs["ce"], logs["test_ce"], rtol=1e-6)
    assert estimator.history["test"]["test_ce"] == [pytest.approx(logs["test_ce"])]


def test_epochs_must_be_positive(blobs):
    with pytest.raises(ConfigError, match="epochs must be a positive int"):
        fe.Estimator(fe.Pipeline(train_data=blobs, batch_size=8), classifier_network(fe.build(dense_model, "sgd")),
                     epochs=0)
    assert keras.backend.backend() in ("tensorflow", "jax", "torch")
