import numpy as np

import kerasfe as fe
from kerasfe.trace.adapt import TerminateOnNaN
from tests.trace.helpers import estimator


def test_terminate_on_nan_stops_at_the_first_bad_step(blobs):
    data = {"x": blobs["x"].copy(), "y": blobs["y"]}
    data["x"][20] = np.nan
    est = estimator(blobs, [TerminateOnNaN()], epochs=3)
    est.pipeline = fe.Pipeline(train_data=data, eval_data=blobs, batch_size=16, seed=0)
    est.fit()
    stops = est.traces[2].stopped_step
    assert stops is not None and stops <= 4 and int(est.network.optimizer.iterations) == stops
