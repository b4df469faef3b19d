import keras
import pytest

import kerasfe as fe
from kerasfe.trace.metric import Accuracy
from tests.conftest import classifier_network, dense_model


def test_keras_callbacks_run_as_traces(blobs, tmp_path):
    network = classifier_network(fe.build(dense_model, "adam"))
    batches = []
    history = keras.callbacks.History()
    callbacks = [history, keras.callbacks.EarlyStopping(monitor="val_ce", patience=0, min_delta=10.0, mode="min"),
                 keras.callbacks.ModelCheckpoint(str(tmp_path / "best.weights.h5"), monitor="val_accuracy",
                                                 save_best_only=True, save_weights_only=True, mode="max"),
                 keras.callbacks.CSVLogger(str(tmp_path / "log.csv")),
                 keras.callbacks.TensorBoard(str(tmp_path / "tb")),
                 keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: batches.append(logs))]
    estimator = fe.Estimator(fe.Pipeline(train_data=blobs, eval_data=blobs, batch_size=16), network, epochs=5,
                             traces=[Accuracy("y", "y_pred")] + callbacks, log_steps=None)
    summary = estimator.fit()
    assert len(history.history["ce"]) == 2  # EarlyStopping (min_delta 10) stopped after epoch 2
    assert history.history["val_accuracy"] == pytest.approx(summary.epoch_values("eval", "accuracy"))
    assert (tmp_path / "best.weights.h5").exists() and (tmp_path / "log.csv").read_text().count("\n") == 3
    assert any(path.is_file() for path in (tmp_path / "tb").rglob("*"))
    assert len(batches) == 8 and set(batches[0]) == {"ce", "loss"}
