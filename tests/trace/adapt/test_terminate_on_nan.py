import numpy as np

import kerasfe as fe
from kerasfe.trace import Trace
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


class NaNOn(Trace):
    """Logs `score`: NaN on the data set `bad`, 1.0 on the others."""

    def __init__(self, bad):
        super().__init__(outputs="score", mode="eval")
        self.bad = bad

    def on_epoch_end(self, data):
        data.write_with_log("score", np.nan if self.system.ds_id == self.bad else 1.0)


def test_ds_id_chooses_the_data_sets_checked(blobs):
    clean, noisy = (TerminateOnNaN(monitor_names="score", mode="eval", ds_id=ds_id) for ds_id in ["clean", "noisy"])
    est = estimator(blobs, [NaNOn("noisy"), clean, noisy], epochs=2)
    est.pipeline = fe.Pipeline(train_data=blobs, eval_data={"clean": blobs, "noisy": blobs}, batch_size=32)
    est.fit()
    assert (clean.stopped_step, noisy.stopped_step, est.system.epoch_idx) == (None, 2, 1)  # epoch 1 ends at step 2
