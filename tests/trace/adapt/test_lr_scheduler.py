import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.errors import ConfigError
from kerasfe.trace import Trace
from kerasfe.trace.adapt import LRScheduler
from tests.conftest import dense_model
from tests.trace.helpers import Recorder, estimator


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


def test_per_step_lr_fn_with_python_if_and_max_runs_on_the_host(blobs):
    # FastEstimator schedules are plain Python; a traced `if step < 3` would fail inside a compiled step
    model = fe.build(dense_model, "sgd")
    watcher = _WeightsPerStep(model)
    seen = []

    def lr_fn(step):
        seen.append(step)
        return 0.4 if step < 3 else max(0.0, 0.1 * (3 - step))

    est = estimator(blobs, [LRScheduler(model, lr_fn), watcher], epochs=1, model=model, log_steps=1)
    summary = est.fit()
    assert summary.history["train"][f"{model.name}_lr"] == {1: 0.4, 2: 0.4, 3: 0.0, 4: 0.0}
    assert {1, 2, 3, 4} <= set(seen) and all(isinstance(step, int) for step in seen)
    kernels = watcher.kernels
    assert not np.allclose(kernels[0], kernels[1])  # steps 1-2 learn at 0.4
    np.testing.assert_allclose(kernels[3], kernels[1])  # steps 3-4 at rate 0


def test_a_keras_schedule_on_the_optimizer_is_a_clear_error(blobs):
    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5)
    model = fe.build(dense_model, lambda: keras.optimizers.SGD(schedule))
    with pytest.raises(ConfigError, match="LearningRateSchedule"):
        estimator(blobs, [LRScheduler(model, lambda step: 0.1)], epochs=1, model=model).fit()
