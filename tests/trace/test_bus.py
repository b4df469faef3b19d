from tests.trace.helpers import Recorder, estimator


class BusKeysRecorder(Recorder):
    """A Recorder that also keeps the network's bus keys at the end of each train epoch."""

    def on_epoch_end(self, data):
        super().on_epoch_end(data)
        self.bus_keys = self.system.network.bus_keys


def test_only_the_keys_traces_read_leave_the_device(blobs):
    recorder = BusKeysRecorder(inputs="y_pred", mode="train")
    est = estimator(blobs, [recorder], epochs=1)
    est.fit()
    assert recorder.bus_keys["train"] == ("y_pred", "first_nonfinite_batch")  # the default TerminateOnNaN's
    assert recorder.bus_keys["eval"] == ()  # the eval traces read nothing from the batch
    assert est.network.bus_keys == {"train": (), "eval": (), "test": (), "infer": ()}  # none after the run
    assert {tuple(keys) for mode, keys in recorder.batch_keys} == {("ce", "first_nonfinite_batch", "loss", "y_pred")}
    assert len(recorder.batch_keys) == 4
