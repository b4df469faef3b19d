from tests.trace.helpers import Recorder, estimator


def test_only_the_keys_traces_read_leave_the_device(blobs):
    recorder = Recorder(inputs="y_pred", mode="train")
    est = estimator(blobs, [recorder], epochs=1)
    est.fit()
    assert est.network.bus_keys["train"] == ("y_pred",)
    assert est.network.bus_keys["eval"] == ()  # the eval traces read nothing from the batch
    assert {keys == ["ce", "loss", "y_pred"] for mode, keys in recorder.batch_keys} == {True}
    assert len(recorder.batch_keys) == 4
