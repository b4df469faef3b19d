from tests.trace.helpers import Recorder, estimator


def test_only_the_keys_traces_read_leave_the_device(blobs):
    recorder = Recorder(inputs="y_pred", mode="train")
    est = estimator(blobs, [recorder], epochs=1)
    est.fit()
    assert est.network.bus_keys["train"] == ("y_pred", "first_nonfinite_batch")  # the default TerminateOnNaN's
    assert est.network.bus_keys["eval"] == ()  # the eval traces read nothing from the batch
    assert {tuple(keys) for mode, keys in recorder.batch_keys} == {("ce", "first_nonfinite_batch", "loss", "y_pred")}
    assert len(recorder.batch_keys) == 4
