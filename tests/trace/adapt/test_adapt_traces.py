import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.errors import ConfigError
from kerasfe.trace import Trace
from kerasfe.trace.adapt import EarlyStopping, LRScheduler, ReduceLROnPlateau, TerminateOnNaN
from tests.conftest import dense_model
from tests.trace.helpers import Recorder, Scripted, estimator


def test_early_stopping_stops_at_the_right_epoch_and_restores_the_best_weights(blobs):
    recorder = Recorder(mode="train")
    stopper = EarlyStopping(monitor="score", patience=2, restore_best_weights=True)
    est = estimator(blobs, [stopper, Scripted("score", [3.0, 2.0, 2.5, 2.6, 2.7, 1.0]), recorder], epochs=6)
    summary = est.fit()
    assert stopper.stopped_epoch == 4 and len(summary.epoch_values("eval", "score")) == 4
    for restored, best in zip(est.network.get_weights(), recorder.weights[1]):
        np.testing.assert_allclose(restored, best)


class _WeightsPerStep(Trace):
    def __init__(self, model):
        super().__init__(mode="train")
        self.model, self.kernels = model, []

    def on_batch_end(self, data):
        self.system.sync_weights()
        self.kernels.append(np.array(self.model.get_weights()[0]))


def test_per_step_lr_is_the_rate_the_optimizer_uses(blobs):
    model = fe.build(dense_model, "sgd")
    watcher = _WeightsPerStep(model)
    scheduler = LRScheduler(model, lambda step: keras.ops.where(step <= 2, 0.5, 0.0))
    est = estimator(blobs, [scheduler, watcher], epochs=1, model=model, log_steps=1)
    summary = est.fit()
    kernels = watcher.kernels
    assert not np.allclose(kernels[0], kernels[1])  # steps 1-2 learn
    for later in kernels[2:]:  # steps 3-4 have rate 0
        np.testing.assert_allclose(later, kernels[1])
    assert summary.history["train"][f"{model.name}_lr"] == {1: 0.5, 2: 0.5, 3: 0.0, 4: 0.0}


def test_per_epoch_lr_follows_the_function(blobs):
    model = fe.build(dense_model, "sgd")
    recorder = Recorder(mode="train")
    est = estimator(blobs, [LRScheduler(model, lambda epoch: 0.0 if epoch == 2 else 0.3), recorder], epochs=3,
                    model=model)
    summary = est.fit()
    np.testing.assert_allclose(recorder.weights[1][0], recorder.weights[0][0])
    assert not np.allclose(recorder.weights[2][0], recorder.weights[1][0])
    assert summary.epoch_values("train", f"{model.name}_lr") == [0.3, 0.0, 0.3]
    assert float(model.optimizer.learning_rate) == pytest.approx(0.3)


def test_lr_fn_must_name_step_or_epoch():
    with pytest.raises(ConfigError, match="'step' or 'epoch'"):
        LRScheduler(fe.build(dense_model, "sgd"), lambda x: 0.1)


def test_reduce_lr_on_plateau(blobs):
    model = fe.build(dense_model, lambda: keras.optimizers.SGD(0.1))
    reducer = ReduceLROnPlateau(model, metric="score", patience=1, factor=0.5)
    summary = estimator(blobs, [reducer, Scripted("score", [1.0, 2.0, 0.5, 0.7])], epochs=4, model=model).fit()
    assert summary.epoch_values("eval", f"{model.name}_lr") == pytest.approx([0.1, 0.05, 0.05, 0.025])
    assert float(model.optimizer.learning_rate) == pytest.approx(0.025)


def test_terminate_on_nan_stops_at_the_first_bad_step(blobs):
    data = {"x": blobs["x"].copy(), "y": blobs["y"]}
    data["x"][20] = np.nan
    est = estimator(blobs, [TerminateOnNaN()], epochs=3)
    est.pipeline = fe.Pipeline(train_data=data, eval_data=blobs, batch_size=16, seed=0)
    est.fit()
    stops = est.traces[2].stopped_step
    assert stops is not None and stops <= 4 and int(est.network.optimizer.iterations) == stops
