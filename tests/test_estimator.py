import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.architecture import LeNet
from kerasfe.dataset.data import digits
from kerasfe.errors import ConfigError, MissingKeyError
from kerasfe.op.numpyop import Minmax
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
from kerasfe.trace.io import BestModelSaver, ModelSaver
from kerasfe.trace.metric import Accuracy
from tests.conftest import classifier_network, dense_model
from tests.trace.helpers import nan_loss_run


@pytest.mark.slow
def test_lenet_learns_digits_to_95_percent():
    train, evaluation, test = digits.load_data()
    model = fe.build(model_fn=lambda: LeNet(input_shape=(28, 28, 1), classes=10), optimizer_fn="adam")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce")])
    pipeline = fe.Pipeline(train_data=train, eval_data=evaluation, test_data=test, batch_size=32, seed=0)
    estimator = fe.Estimator(pipeline=pipeline, network=network, epochs=8, traces=[Accuracy("y", "y_pred")],
                             log_steps=None)
    summary = estimator.fit()
    assert len(summary.epoch_values("train", "ce")) == 8 and len(summary.epoch_values("eval", "ce")) == 8
    estimator.test()
    assert summary.epoch_values("test", "ce")[0] < summary.epoch_values("eval", "ce")[0]
    predicted = network.predict({"x": test["x"]}, batch_size=64, verbose=0)["y_pred"].argmax(-1)
    assert summary.epoch_values("test", "accuracy")[0] == pytest.approx(float((predicted == test["y"]).mean()))
    assert summary.epoch_values("test", "accuracy")[0] >= 0.95


def test_step_caps_log_lines_and_summary(blobs, capsys):
    network = classifier_network(fe.build(dense_model, "adam"))
    pipeline = fe.Pipeline(train_data=blobs, eval_data=blobs, batch_size=8, seed=0)
    estimator = fe.Estimator(pipeline=pipeline, network=network, epochs=3, max_train_steps_per_epoch=2,
                             max_eval_steps_per_epoch=1, log_steps=2, traces=[Accuracy("y", "y_pred")])
    summary = estimator.fit("caps")
    assert int(network.optimizer.iterations) == 6 and summary.name == "caps"
    assert set(summary.history["train"]) == {"ce", "steps/sec", "epoch_time", "epoch"}
    assert summary.history["eval"]["epoch"] == {2: 1, 4: 2, 6: 3}
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "FastEstimator-Start: step: 1; logging_interval: 2"
    assert any(line.startswith("FastEstimator-Train: step: 4; epoch: 2; ce: ") and "steps/sec: " in line
               for line in printed)
    eval_line = next(line for line in printed if line.startswith("FastEstimator-Eval: step: 6; epoch: 3; "))
    fields = dict(part.split(": ") for part in eval_line.split(": ", 1)[1].split("; "))
    assert float(fields["accuracy"]) == pytest.approx(summary.epoch_values("eval", "accuracy")[-1], rel=1e-5)
    assert printed[-1].startswith("FastEstimator-Finish: step: 6; total_time: ")


def test_test_runs_the_test_mode_ops(blobs):
    model = fe.build(dense_model, "adam")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="test_ce", mode="test"),
                              UpdateOp(model=model, loss_name="ce")])
    estimator = fe.Estimator(fe.Pipeline(train_data=blobs, test_data=blobs, batch_size=16), network, epochs=1,
                             log_steps=None)
    estimator.fit()
    summary = estimator.test()
    logs = {key: summary.epoch_values("test", key)[0] for key in ("ce", "test_ce")}
    np.testing.assert_allclose(logs["ce"], logs["test_ce"], rtol=1e-6)


def test_smoke_test_names_the_trace_key_and_mode_before_any_step(blobs):
    network = classifier_network(fe.build(dense_model, "adam"))
    estimator = fe.Estimator(fe.Pipeline(train_data=blobs, eval_data=blobs, batch_size=16), network, epochs=1,
                             traces=[Accuracy("label", "y_pred")], log_steps=None)
    with pytest.raises(MissingKeyError, match=r"Accuracy needs key 'label' in mode 'eval'.*'ce'.*'y_pred'") as error:
        estimator.fit()
    assert int(network.optimizer.iterations) == 0
    assert "first_nonfinite" not in str(error.value)  # the network's own bookkeeping is not offered as a key


def test_smoke_test_checks_the_ops_of_every_mode(blobs):
    model = fe.build(dense_model, "adam")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce")])
    evaluation = {"x": blobs["x"], "label": blobs["y"]}
    estimator = fe.Estimator(fe.Pipeline(train_data=blobs, eval_data=evaluation, batch_size=16), network, epochs=1,
                             log_steps=None)
    with pytest.raises(MissingKeyError, match="needs key 'y' in mode 'eval'"):
        estimator.fit()
    assert int(network.optimizer.iterations) == 0


def test_arguments_are_checked(blobs):
    pipeline, network = fe.Pipeline(train_data=blobs, batch_size=8), classifier_network(fe.build(dense_model, "sgd"))
    with pytest.raises(ConfigError, match="epochs must be a positive int"):
        fe.Estimator(pipeline, network, epochs=0)
    with pytest.raises(ConfigError, match="log_steps"):
        fe.Estimator(pipeline, network, epochs=1, log_steps=-1)


def test_several_eval_data_sets_are_evaluated_and_logged_by_ds_id(blobs, capsys):
    network = classifier_network(fe.build(dense_model, "adam"))
    noisy = {"x": blobs["x"] + np.random.default_rng(1).normal(scale=5.0, size=blobs["x"].shape).astype("float32"),
             "y": blobs["y"]}
    pipeline = fe.Pipeline(train_data=blobs, eval_data={"clean": blobs, "noisy": noisy}, batch_size=16, seed=0)
    history = keras.callbacks.History()
    estimator = fe.Estimator(pipeline=pipeline, network=network, epochs=2, log_steps=0,
                             traces=[Accuracy("y", "y_pred"), Accuracy("y", "y_pred", output_name="clean_only",
                                                                       ds_id="clean"), history])
    summary = estimator.fit()
    for ds_id, data in (("clean", blobs), ("noisy", noisy)):
        predicted = network.predict({"x": data["x"]}, verbose=0)["y_pred"].argmax(-1)
        assert summary.epoch_values("eval", f"accuracy|{ds_id}")[-1] == pytest.approx((predicted == data["y"]).mean())
        assert history.history[f"val_accuracy_{ds_id}"][-1] == pytest.approx((predicted == data["y"]).mean())
    assert len(summary.epoch_values("eval", "clean_only|clean")) == 2
    assert "clean_only|noisy" not in summary.history["eval"]
    assert len(history.history["ce"]) == 2  # one Keras epoch end per epoch, after the last eval data set
    assert "FastEstimator-Eval: step: 4; epoch: 1; ds_id: noisy;" in capsys.readouterr().out


def test_nan_stops_training_by_default_and_no_saver_writes_the_nan_weights(blobs, tmp_path, capsys):
    estimator = nan_loss_run(blobs, bad_step=2, epochs=3, log_steps=1)  # the loss 'total' is NaN at step 2
    model = estimator.network.models[0]
    savers = [ModelSaver(model, str(tmp_path / "every")), BestModelSaver(model, str(tmp_path / "best"), metric="ce",
                                                                         mode="train")]
    estimator = fe.Estimator(estimator.pipeline, estimator.network, epochs=3, traces=savers, log_steps=1)
    with pytest.warns(UserWarning, match=f"ModelSaver: model '{model.name}' has non-finite weights"):
        estimator.fit()
    assert int(estimator.network.optimizer.iterations) == 2 and estimator.system.epoch_idx == 1  # stopped at step 2
    assert "'total' is not finite at step 2 (batch 2 of epoch 1, mode 'train'); stopping" in capsys.readouterr().out
    assert list((tmp_path / "every").iterdir()) == [] and list((tmp_path / "best").iterdir()) == []


def test_one_op_or_trace_alone_counts_as_a_list_of_one(blobs):
    model_op, minmax, accuracy = ModelOp(fe.build(dense_model, "sgd"), "x", "y_pred"), Minmax("x", "x"), Accuracy(
        "y", "y_pred")
    assert fe.Network(ops=model_op).op_items == [model_op]
    pipeline = fe.Pipeline(train_data=blobs, eval_data=blobs, batch_size=16, ops=minmax)
    estimator = fe.Estimator(pipeline, classifier_network(fe.build(dense_model, "sgd")), epochs=1, traces=accuracy,
                             log_steps=None)
    assert pipeline.ops == [minmax] and accuracy in estimator.traces
    assert 0 <= estimator.fit().epoch_values("eval", "accuracy")[0] <= 1


class _Ids(fe.trace.Trace):
    """Records the sample ids of every batch, per mode."""

    def __init__(self):
        super().__init__(inputs="id", mode=("train", "eval"))
        self.seen = {"train": [], "eval": []}

    def on_batch_end(self, data):
        self.seen[self.system.mode].append(np.asarray(data["id"]).tolist())


def test_fastestimator_steps_per_epoch_cut_short_or_extend_and_eval_log_steps_print(blobs, capsys):
    data = {**blobs, "id": np.arange(64)}  # 4 batches of 16
    ids = _Ids()
    network = classifier_network(fe.build(dense_model, "sgd"))
    estimator = fe.Estimator(fe.Pipeline(train_data=data, eval_data=data, batch_size=16, seed=0), network, epochs=1,
                             train_steps_per_epoch=6, eval_steps_per_epoch=2, eval_log_steps=[1, 2], traces=ids,
                             log_steps=0)
    estimator.fit()
    assert int(network.optimizer.iterations) == 6
    train = ids.seen["train"]
    assert [len(batch) for batch in train] == [16] * 6
    assert sorted(sum(train[:4], [])) == list(range(64))  # one whole pass, then a second one begins
    assert len(set(sum(train[4:], []))) == 32
    assert ids.seen["eval"] == [list(range(16)), list(range(16, 32))]  # eval cut short to 2 steps
    printed = capsys.readouterr().out.splitlines()
    assert [line for line in printed if "Eval Progress" in line] == [
        "FastEstimator-Eval Progress: 1/2; epoch: 1", "FastEstimator-Eval Progress: 2/2; epoch: 1"]
    with pytest.raises(ConfigError, match="train_steps_per_epoch .* or max_train_steps_per_epoch"):
        fe.Estimator(estimator.pipeline, network, epochs=1, train_steps_per_epoch=2, max_train_steps_per_epoch=2)


def test_after_fit_and_test_the_networks_own_evaluate_returns_only_losses(blobs):
    network = classifier_network(fe.build(dense_model, "adam"))
    estimator = fe.Estimator(fe.Pipeline(train_data=blobs, eval_data=blobs, test_data=blobs, batch_size=16), network,
                             epochs=1, traces=[Accuracy("y", "y_pred")], log_steps=None)
    estimator.fit()
    estimator.test()
    logs = network.evaluate(blobs["x"], blobs["y"], batch_size=16, return_dict=True, verbose=0)
    assert sorted(logs) == ["ce", "loss"]
