import numpy as np
import pytest

import kerasfe as fe
from kerasfe.errors import DataError
from kerasfe.trace import Trace
from kerasfe.trace.adapt import TerminateOnNaN
from tests.trace.helpers import Batches, estimator, nan_loss_run


def test_terminate_on_nan_stops_right_after_the_first_bad_step(blobs):
    terminate = TerminateOnNaN()
    estimator = nan_loss_run(blobs, bad_step=3, traces=[terminate], log_steps=None)
    estimator.fit()
    assert terminate.stopped_step == 3 and estimator.system.global_step == 3
    assert int(estimator.network.optimizer.iterations) == 3 and estimator.system.epoch_idx == 1


@pytest.mark.parametrize("log_steps", [0, 3])
def test_the_default_check_names_the_exact_step_though_it_reads_only_at_log_steps(blobs, capsys, log_steps):
    """Steps run several per compiled call (8 per epoch at log_steps=0; 3 at log_steps=3) and the check reads the
    values only at log steps and epoch ends, yet it names step 5, where the loss first was NaN."""
    estimator = nan_loss_run(blobs, bad_step=5, log_steps=log_steps)
    estimator.fit()
    terminate = next(trace for trace in estimator.traces if isinstance(trace, TerminateOnNaN))
    noticed = 8 if log_steps == 0 else 6
    assert not terminate.every_batch and terminate.stopped_step == 5
    assert estimator.system.global_step == noticed and estimator.system.epoch_idx == 1
    assert (f"'total' is not finite at step 5 (batch 5 of epoch 1, mode 'train'), noticed at step {noticed}; "
            "stopping") in capsys.readouterr().out


def test_nan_in_any_batch_of_data_stops_before_that_batch_trains(blobs):
    """The smoke test sees a clean first batch; batch 3 (from 0) holds infinity: a DataError names the key, the mode,
    the epoch, the batch and the sample, and no step trains on it."""
    pipeline = fe.Pipeline(train_data=blobs, batch_size=16, seed=0)
    bad_batch = pipeline.get_results("train", num_steps=4, epoch=1)[3]
    row = int(np.flatnonzero((blobs["x"] == bad_batch["x"][5]).all(axis=1))[0])
    data = {"x": blobs["x"].copy(), "y": blobs["y"], "m": np.ones(64, "float32")}
    data["x"][row, 1] = np.inf
    counter = Batches()
    estimator = fe.Estimator(fe.Pipeline(train_data=data, batch_size=16, seed=0),
                             nan_loss_run(blobs, bad_step=1).network, epochs=3, traces=[counter], log_steps=None)
    with pytest.raises(DataError, match=r"Pipeline: key 'x' holds an infinite value in batch 3 of epoch 1 of the train "
                                        r"data \(mode 'train'\), in sample 5 of the batch"):
        estimator.fit()
    assert counter.ended == 3  # the batches before the bad one


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
