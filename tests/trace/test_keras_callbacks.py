"""Every class in keras.callbacks, run in the Estimator (traces=[...]) and in network.fit(callbacks=...), on one model
and on a GAN (two models, two optimizers), each checked by its effect. The table is docs/tutorials/advanced/keras_callbacks.md."""
import csv
import http.server
import json
import re
import threading

import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.architecture.dcgan import dcgan_ops
from kerasfe.trace import TraceCallback, as_callbacks
from kerasfe.trace.keras_bridge import prepare_callbacks
from kerasfe.trace.metric import Accuracy
from tests.conftest import classifier_network, dense_model

EPOCHS, BATCH, SAMPLES = 3, 16, 32  # 2 steps per epoch
STEPS = SAMPLES // BATCH
KERAS_CALLBACKS = sorted(name for name, obj in vars(keras.callbacks).items()
                         if isinstance(obj, type) and issubclass(obj, keras.callbacks.Callback))


class Setup:
    """A network to train: "single" (a classifier) or "gan" (generator + discriminator, each its optimizer)."""

    def __init__(self, kind, optimizer=lambda: keras.optimizers.SGD(0.1)):
        keras.utils.set_random_seed(0)  # every Setup of a kind starts from the same weights
        rng = np.random.default_rng(0)
        y = rng.integers(0, 3, SAMPLES)
        self.data = {"x": (rng.normal(size=(SAMPLES, 4)) + 3.0 * np.eye(3, 4)[y]).astype("float32"),
                     "y": y.astype("int64")}
        if kind == "single":
            self.models = [fe.build(dense_model, optimizer)]
            self.network = classifier_network(self.models[0])
            self.loss_keys = ["ce", "loss"]
            self.accuracy = Accuracy("y", "y_pred")
        else:
            generator = fe.build(lambda: keras.Sequential([keras.Input((2,)), keras.layers.Dense(4)]), optimizer)
            discriminator = fe.build(lambda: keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)]), optimizer)
            self.models = [generator, discriminator]
            self.network = fe.Network(ops=dcgan_ops(generator, discriminator))
            self.data.update(z=rng.normal(size=(SAMPLES, 2)).astype("float32"), real=np.ones(SAMPLES, "int64"))
            self.loss_keys = ["d_loss", "fake_loss", "g_loss", "loss", "real_loss"]
            self.accuracy = Accuracy("real", "real_score")  # the discriminator's accuracy on real samples
        self.network.compile(run_eagerly=True)  # fast; under JAX the step still carries the variables in its state

    def weights(self):
        return [w for model in self.models for w in model.get_weights()]

    def learning_rates(self):
        return [float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)) for model in self.models]


def train(loop, setup, callbacks, traces=(), epochs=EPOCHS, verbose=0):
    """Trains `setup` with Traces and Keras callbacks, through the Estimator or through network.fit."""
    if loop == "estimator":
        pipeline = fe.Pipeline(train_data=setup.data, eval_data=setup.data, batch_size=BATCH, seed=0)
        fe.Estimator(pipeline, setup.network, epochs=epochs, traces=[*traces, *callbacks], log_steps=None).fit()
    else:
        setup.network.fit(setup.data, batch_size=BATCH, epochs=epochs, validation_data=setup.data, shuffle=False,
                          verbose=verbose, callbacks=as_callbacks(traces) + list(callbacks))


def epoch_log_keys(loop, setup, traced=("accuracy",)):
    """The keys of the epoch-end logs: losses, their evaluation, the Traces' results (and the Estimator's timing)."""
    return set(setup.loss_keys) | {f"val_{key}" for key in [*setup.loss_keys, *traced]} | \
        ({"epoch_time"} if loop == "estimator" else set())


class Interrupt(Exception):
    pass


class InterruptInSecondEpoch(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.epoch == 1:
            raise Interrupt


# One check per callback: it builds the callback, trains, and asserts the callback's effect -------------------------
def check_backup_and_restore(loop, kind, tmp_path, capsys):
    uninterrupted = Setup(kind, optimizer="adam")
    train(loop, uninterrupted, [])
    backup = tmp_path / "backup"
    interrupted = Setup(kind, optimizer="adam")
    with pytest.raises(Interrupt):
        train(loop, interrupted, [keras.callbacks.BackupAndRestore(str(backup)), InterruptInSecondEpoch()])
    assert json.loads((backup / "training_metadata.json").read_text())["epoch"] == 1
    resumed, epochs = Setup(kind, optimizer="adam"), []
    train(loop, resumed, [keras.callbacks.BackupAndRestore(str(backup)),
                          keras.callbacks.LambdaCallback(on_epoch_begin=lambda epoch, logs: epochs.append(epoch))])
    assert epochs == [1, 2]  # epochs 2 and 3 ran, with their own numbers
    assert int(resumed.network.optimizer.iterations) == EPOCHS * STEPS
    for restored, expected in zip(resumed.weights(), uninterrupted.weights()):
        np.testing.assert_allclose(restored, expected, rtol=1e-5, atol=1e-6)
    assert not backup.exists()  # deleted at the end of a finished run


def check_csv_logger(loop, kind, tmp_path, capsys):
    setup, history = Setup(kind), keras.callbacks.History()
    train(loop, setup, [keras.callbacks.CSVLogger(str(tmp_path / "log.csv")), history], traces=[setup.accuracy])
    with open(tmp_path / "log.csv") as file:
        rows = list(csv.DictReader(file))
    assert [row["epoch"] for row in rows] == ["0", "1", "2"]
    assert set(rows[0]) == {"epoch"} | epoch_log_keys(loop, setup)  # no bus/ key
    for epoch, row in enumerate(rows):  # each a scalar: the value the epoch logged
        assert {key: float(row[key]) for key in history.history} == \
            pytest.approx({key: float(values[epoch]) for key, values in history.history.items()}, rel=1e-6)


def check_callback(loop, kind, tmp_path, capsys):
    setup = Setup(kind)
    train(loop, setup, [keras.callbacks.Callback()])  # the base class does nothing; training runs through
    assert int(setup.network.optimizer.iterations) == EPOCHS * STEPS


def check_callback_list(loop, kind, tmp_path, capsys):
    setup, history = Setup(kind), keras.callbacks.History()
    train(loop, setup, [keras.callbacks.CallbackList([history])], traces=[setup.accuracy])
    assert set(history.history) == epoch_log_keys(loop, setup)
    assert all(len(values) == EPOCHS for values in history.history.values())


def check_early_stopping(loop, kind, tmp_path, capsys):
    """With min_delta 10, only the first epoch improves on the baseline when the direction is right: patience 2
    then stops after epoch 3; a wrong direction would never improve and stop after epoch 2."""
    setup, epochs = Setup(kind), []
    on_metric = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=2, min_delta=10.0, baseline=-100.0)
    on_loss = keras.callbacks.EarlyStopping(monitor=setup.loss_keys[0], patience=2, min_delta=10.0, baseline=100.0)
    train(loop, setup, [on_metric, on_loss, keras.callbacks.LambdaCallback(on_epoch_end=lambda e, logs: epochs.append(e))],
          traces=[setup.accuracy], epochs=5)
    assert (on_metric.mode, on_loss.mode) == ("max", "min")
    assert epochs == [0, 1, 2] and on_metric.stopped_epoch == on_loss.stopped_epoch == 2


def check_history(loop, kind, tmp_path, capsys):
    setup, history = Setup(kind), keras.callbacks.History()
    train(loop, setup, [history], traces=[setup.accuracy])
    assert set(history.history) == epoch_log_keys(loop, setup)
    assert history.epoch == [0, 1, 2]


def check_lambda_callback(loop, kind, tmp_path, capsys):
    setup, calls = Setup(kind), []
    train(loop, setup, [keras.callbacks.LambdaCallback(
        on_train_begin=lambda logs: calls.append(("train_begin",)),
        on_epoch_begin=lambda epoch, logs: calls.append(("epoch_begin", epoch)),
        on_train_batch_end=lambda batch, logs: calls.append(("batch_end", batch, sorted(logs))),
        on_epoch_end=lambda epoch, logs: calls.append(("epoch_end", epoch, sorted(logs))),
        on_train_end=lambda logs: calls.append(("train_end",)))], traces=[setup.accuracy])
    batch_keys = sorted(setup.loss_keys)
    epoch = [[("epoch_begin", e)] + [("batch_end", b, batch_keys) for b in range(STEPS)] +
             [("epoch_end", e, sorted(epoch_log_keys(loop, setup)))] for e in range(EPOCHS)]
    assert calls == [("train_begin",)] + [call for calls_ in epoch for call in calls_] + [("train_end",)]


def check_learning_rate_scheduler(loop, kind, tmp_path, capsys):
    setup, rates = Setup(kind), []
    train(loop, setup, [keras.callbacks.LearningRateScheduler(lambda epoch, rate: 0.1 / (epoch + 1)),
                        keras.callbacks.LambdaCallback(on_epoch_end=lambda e, logs: rates.append(setup.learning_rates()))])
    assert rates == [[pytest.approx(0.1 / (e + 1))] * len(setup.models) for e in range(EPOCHS)]


def check_model_checkpoint(loop, kind, tmp_path, capsys):
    """Weights files reload (the `.keras` format is the Network-saving tests' concern)."""
    setup = Setup(kind)
    every_epoch = keras.callbacks.ModelCheckpoint(str(tmp_path / "last.weights.h5"), save_weights_only=True)
    best = keras.callbacks.ModelCheckpoint(str(tmp_path / "best.weights.h5"), monitor="val_accuracy",
                                           save_best_only=True, save_weights_only=True)
    train(loop, setup, [every_epoch, best], traces=[setup.accuracy])
    assert best.mode == "max"
    reloaded = Setup(kind)
    reloaded.network.load_weights(str(tmp_path / "last.weights.h5"))
    for loaded, trained in zip(reloaded.weights(), setup.weights()):
        np.testing.assert_array_equal(loaded, trained)
    reloaded.network.load_weights(str(tmp_path / "best.weights.h5"))
    assert len(reloaded.weights()) == len(setup.weights())


def check_orbax_checkpoint(loop, kind, tmp_path, capsys):
    pytest.importorskip("orbax.checkpoint", reason="keras.callbacks.OrbaxCheckpoint needs orbax-checkpoint")
    setup = Setup(kind)
    train(loop, setup, [keras.callbacks.OrbaxCheckpoint(str(tmp_path / "orbax"), save_on_background=False)])
    assert any((tmp_path / "orbax").iterdir())


def check_progbar_logger(loop, kind, tmp_path, capsys):
    setup = Setup(kind)
    train(loop, setup, [keras.callbacks.ProgbarLogger()], verbose=1)
    out = re.sub(r"\x1b\[[0-9;]*m", "", capsys.readouterr().out)  # without the terminal's colours
    epochs = out.split("Epoch ")[1:]  # one bar per epoch, full at its end, with the losses
    assert [epoch.split("\n")[0] for epoch in epochs] == [f"{e}/{EPOCHS}" for e in range(1, EPOCHS + 1)]
    assert all(f"{STEPS}/{STEPS} ━" in epoch and f" - {setup.loss_keys[0]}: " in epoch for epoch in epochs)


def check_reduce_lr_on_plateau(loop, kind, tmp_path, capsys):
    """min_delta 10: only epoch 1 improves, so each later epoch (patience 1) halves every model's rate."""
    setup = Setup(kind)
    reducer = keras.callbacks.ReduceLROnPlateau(monitor=setup.loss_keys[0], factor=0.5, patience=1, min_delta=10.0)
    train(loop, setup, [reducer])
    assert reducer.mode == "min"
    assert setup.learning_rates() == [pytest.approx(0.1 * 0.5 ** (EPOCHS - 1))] * len(setup.models)


def check_remote_monitor(loop, kind, tmp_path, capsys):
    posted = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            posted.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    server.timeout = 5
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        setup = Setup(kind)
        train(loop, setup, [keras.callbacks.RemoteMonitor(root=f"http://127.0.0.1:{server.server_port}",
                                                          path="/epoch", send_as_json=True)],
              traces=[setup.accuracy])
    finally:
        server.shutdown()
        thread.join(timeout=5)
    assert [payload["epoch"] for payload in posted] == [0, 1, 2]
    assert all(set(payload) == {"epoch"} | epoch_log_keys(loop, setup) for payload in posted)


def check_swap_ema_weights(loop, kind, tmp_path, capsys):
    """The evaluation runs on the moving-average weights; training continues from the trained ones."""
    setup, history = Setup(kind, optimizer=lambda: keras.optimizers.SGD(0.1, use_ema=True, ema_momentum=0.5)), \
        keras.callbacks.History()
    train(loop, setup, [keras.callbacks.SwapEMAWeights(), history])
    key = setup.loss_keys[0]
    trained = setup.network.evaluate(setup.data, batch_size=BATCH, verbose=0, return_dict=True)[key]
    with setup.network.ema_weights():
        averaged = setup.network.evaluate(setup.data, batch_size=BATCH, verbose=0, return_dict=True)[key]
    assert history.history[f"val_{key}"][-1] == pytest.approx(averaged, rel=1e-5)
    assert abs(averaged - trained) > 1e-4


def check_tensorboard(loop, kind, tmp_path, capsys):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    setup = Setup(kind)
    train(loop, setup, [keras.callbacks.TensorBoard(str(tmp_path / "tb"), histogram_freq=1)],
          traces=[setup.accuracy])
    tags = {}
    for run in ("train", "validation"):
        events = EventAccumulator(str(tmp_path / "tb" / run), size_guidance={"tensors": 0})
        events.Reload()
        tags[run] = {tag: len(events.Tensors(tag)) for tag in events.Tags()["tensors"]}
    rates = {f"epoch_learning_rate_{model.optimizer.name}" for model in setup.models}
    weights = {f"{v.path}/histogram" for model in setup.models for v in model.weights}
    assert tags["train"] == {tag: EPOCHS for tag in {f"epoch_{key}" for key in epoch_log_keys(loop, setup)
                                                     if not key.startswith("val_")} | rates | weights}
    assert {f"epoch_{key[4:]}" for key in epoch_log_keys(loop, setup) if key.startswith("val_")} <= set(tags["validation"])
    assert tags["validation"]["epoch_accuracy"] == EPOCHS


def check_terminate_on_nan(loop, kind, tmp_path, capsys):
    setup, losses, epochs = Setup(kind), [], []
    first = fe.Pipeline(train_data=setup.data, batch_size=BATCH, seed=0).get_results("train")[0]["x"]
    bad = next(index for index in range(BATCH, SAMPLES)  # past the first batches, which the smoke test checks
               if not (first == setup.data["x"][index]).all(axis=1).any())
    # finite data (the Pipeline stops NaN data) whose batch overflows: signed as the first unit's weights of the model
    # that reads x (the classifier, or the GAN's discriminator), so that logit passes float32's largest value
    kernel = keras.ops.convert_to_numpy(setup.models[0 if kind == "single" else 1].weights[0])
    setup.data["x"][bad] = 3e38 * np.sign(kernel[:, 0])
    train(loop, setup, [keras.callbacks.LambdaCallback(on_epoch_begin=lambda e, logs: epochs.append(e),
                                                       on_train_batch_end=lambda b, logs: losses.append(logs["loss"])),
                        keras.callbacks.TerminateOnNaN()])
    assert epochs == [0] and not np.isfinite(losses[-1]) and np.isfinite(losses[:-1]).all()
    assert int(setup.network.optimizer.iterations) == len(losses)


CHECKS = {"BackupAndRestore": check_backup_and_restore, "CSVLogger": check_csv_logger, "Callback": check_callback,
          "CallbackList": check_callback_list, "EarlyStopping": check_early_stopping, "History": check_history,
          "LambdaCallback": check_lambda_callback, "LearningRateScheduler": check_learning_rate_scheduler,
          "ModelCheckpoint": check_model_checkpoint, "OrbaxCheckpoint": check_orbax_checkpoint,
          "ProgbarLogger": check_progbar_logger, "ReduceLROnPlateau": check_reduce_lr_on_plateau,
          "RemoteMonitor": check_remote_monitor, "SwapEMAWeights": check_swap_ema_weights,
          "TensorBoard": check_tensorboard, "TerminateOnNaN": check_terminate_on_nan}


@pytest.mark.parametrize("kind", ["single", "gan"])
@pytest.mark.parametrize("loop", ["estimator", "fit"])
@pytest.mark.parametrize("name", KERAS_CALLBACKS)
def test_keras_callback_has_its_effect(name, loop, kind, tmp_path, capsys):
    assert name in CHECKS, f"keras.callbacks.{name} is new: add its check to the table (and to the docs' table)"
    CHECKS[name](loop, kind, tmp_path, capsys)


def test_the_table_lists_only_keras_callbacks():
    assert sorted(CHECKS) == KERAS_CALLBACKS


def test_auto_modes_follow_the_keys_direction_with_data_set_suffixes_and_unknown_keys_stay_auto():
    network = Setup("single").network
    by_data_set = keras.callbacks.EarlyStopping(monitor="val_accuracy_clean")
    loss = keras.callbacks.ModelCheckpoint("x.weights.h5", monitor="ce", save_weights_only=True)
    unknown = keras.callbacks.ReduceLROnPlateau(monitor="epoch_time")
    explicit = keras.callbacks.EarlyStopping(monitor="val_accuracy", mode="min")
    prepare_callbacks([by_data_set, loss, unknown, explicit, TraceCallback([Accuracy("y", "y_pred")])], network)
    assert [c.mode for c in (by_data_set, loss, unknown, explicit)] == ["max", "min", "auto", "min"]
