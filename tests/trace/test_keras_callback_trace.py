import csv

import keras
import numpy as np
import pytest
from tensorboard.backend.event_processing import event_accumulator
from tensorboard.util import tensor_util

import kerasfe as fe
from kerasfe.trace.metric import Accuracy
from tests.conftest import classifier_network, dense_model
from tests.trace.helpers import Recorder


def test_keras_callbacks_run_as_traces(blobs, tmp_path):
    network = classifier_network(fe.build(dense_model, "adam"))
    batches, recorder = [], Recorder(mode="train")
    history = keras.callbacks.History()
    callbacks = [history, keras.callbacks.EarlyStopping(monitor="val_ce", patience=0, min_delta=10.0, mode="min"),
                 keras.callbacks.ModelCheckpoint(str(tmp_path / "best.weights.h5"), monitor="val_accuracy",
                                                 save_best_only=True, save_weights_only=True, mode="max"),
                 keras.callbacks.CSVLogger(str(tmp_path / "log.csv")),
                 keras.callbacks.TensorBoard(str(tmp_path / "tb")),
                 keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: batches.append(logs))]
    estimator = fe.Estimator(fe.Pipeline(train_data=blobs, eval_data=blobs, batch_size=16), network, epochs=5,
                             traces=[Accuracy("y", "y_pred"), recorder] + callbacks, log_steps=None)
    summary = estimator.fit()
    assert len(history.history["ce"]) == 2  # EarlyStopping (min_delta 10) stopped after epoch 2
    assert history.history["ce"] == pytest.approx(summary.epoch_values("train", "ce"))
    assert history.history["val_accuracy"] == pytest.approx(summary.epoch_values("eval", "accuracy"))
    accuracy = history.history["val_accuracy"]
    best = 1 if accuracy[1] > accuracy[0] else 0  # ModelCheckpoint saves on a strict improvement
    network.set_weights([np.zeros_like(w) for w in network.get_weights()])
    network.load_weights(tmp_path / "best.weights.h5")
    for loaded, saved in zip(network.get_weights(), recorder.weights[best]):
        np.testing.assert_array_equal(loaded, saved)
    rows = list(csv.DictReader((tmp_path / "log.csv").open()))
    assert [int(row["epoch"]) for row in rows] == [0, 1]
    for key in ("ce", "val_ce", "val_accuracy"):
        assert [float(row[key]) for row in rows] == pytest.approx(history.history[key], rel=1e-6), key
    for folder, prefix in (("train", ""), ("validation", "val_")):
        events = event_accumulator.EventAccumulator(str(tmp_path / "tb" / folder)).Reload()
        logged = [(event.step, float(tensor_util.make_ndarray(event.tensor_proto)))
                  for event in events.Tensors("epoch_ce")]
        assert [step for step, _ in logged] == [0, 1]
        assert [value for _, value in logged] == pytest.approx(history.history[f"{prefix}ce"], rel=1e-6), folder
    assert len(batches) == 8 and set(batches[0]) == {"ce", "loss"}
