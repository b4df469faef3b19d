import numpy as np

import kerasfe as fe
from kerasfe.trace.adapt import TerminateOnNaN
from tests.trace.helpers import estimator


def test_terminate_on_nan_stops_at_the_first_bad_step(blobs):
    data = {"x": blobs["x"].copy(), "y": blobs["y"]}
    data["x"][20] = np.nan
    terminate = TerminateOnNaN()
    est = estimator(blobs, [terminate], epochs=3)
    est.pipeline = fe.Pipeline(train_data=data, eval_data=blobs, batch_size=16, seed=0)
    batches = est.pipeline.get_results("train", num_steps=4, epoch=1)  # the order the first epoch reads
    first_bad = 1 + next(step for step, batch in enumerate(batches) if np.isnan(batch["x"]).any())
    est.fit()
    assert terminate.stopped_step == first_bad
    assert int(est.network.optimizer.iterations) == first_bad and est.system.epoch_idx == 1
