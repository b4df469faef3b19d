import numpy as np

from kerasfe.trace.adapt import EarlyStopping
from tests.trace.helpers import Recorder, Scripted, estimator


def test_early_stopping_stops_at_the_right_epoch_and_restores_the_best_weights(blobs):
    recorder = Recorder(mode="train")
    stopper = EarlyStopping(monitor="score", patience=2, restore_best_weights=True)
    est = estimator(blobs, [stopper, Scripted("score", [3.0, 2.0, 2.5, 2.6, 2.7, 1.0]), recorder], epochs=6)
    summary = est.fit()
    assert stopper.stopped_epoch == 4 and len(summary.epoch_values("eval", "score")) == 4
    for restored, best in zip(est.network.get_weights(), recorder.weights[1]):
        np.testing.assert_allclose(restored, best)
