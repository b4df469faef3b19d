import keras
import pytest

import kerasfe as fe
from kerasfe.trace.adapt import ReduceLROnPlateau
from tests.conftest import dense_model
from tests.trace.helpers import Scripted, estimator


def test_reduce_lr_on_plateau(blobs):
    model = fe.build(dense_model, lambda: keras.optimizers.SGD(0.1))
    reducer = ReduceLROnPlateau(model, metric="score", patience=1, factor=0.5)
    summary = estimator(blobs, [reducer, Scripted("score", [1.0, 2.0, 0.5, 0.7])], epochs=4, model=model).fit()
    assert summary.epoch_values("eval", f"{model.name}_lr") == pytest.approx([0.1, 0.05, 0.05, 0.025])
    assert float(model.optimizer.learning_rate) == pytest.approx(0.025)


def test_best_mode_max_reduces_when_the_metric_stops_rising(blobs):
    model = fe.build(dense_model, lambda: keras.optimizers.SGD(0.1))
    reducer = ReduceLROnPlateau(model, metric="score", patience=1, factor=0.5, best_mode="max")
    summary = estimator(blobs, [reducer, Scripted("score", [1.0, 2.0, 0.5])], epochs=3, model=model).fit()
    assert summary.epoch_values("eval", f"{model.name}_lr") == pytest.approx([0.1, 0.1, 0.05])
