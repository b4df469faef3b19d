from kerasfe.schedule import EpochScheduler
from tests.trace.helpers import Recorder, estimator


def test_scheduled_traces_run_only_in_their_epochs(blobs):
    recorder = Recorder(mode="train")
    est = estimator(blobs, [EpochScheduler({2: recorder})], epochs=3)
    est.fit()
    assert len(recorder.weights) == 2  # epochs 2 and 3
