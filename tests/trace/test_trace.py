import keras
import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.schedule import EpochScheduler
from kerasfe.trace import Data, Trace, as_callbacks, sort_traces
from tests.conftest import classifier_network, dense_model
from tests.trace.helpers import Recorder, estimator

import kerasfe as fe


class MeanConfidence(Trace):
    """A custom metric from y_pred: the mean top probability of the epoch."""

    def __init__(self):
        super().__init__(inputs="y_pred", outputs="confidence", mode="eval")

    def on_epoch_begin(self, data):
        self.values = []

    def on_batch_end(self, data):
        self.values.append(np.max(data["y_pred"], axis=-1))

    def on_epoch_end(self, data):
        data.write_with_log("confidence", float(np.mean(np.concatenate(self.values))))


class Doubler(Trace):
    """Reads what MeanConfidence wrote."""

    def __init__(self):
        super().__init__(inputs="confidence", outputs="double_confidence", mode="eval")

    def on_epoch_end(self, data):
        data.write_with_log("double_confidence", 2 * data["confidence"])


@pytest.mark.parametrize("reader_first", [False, True])
def test_a_trace_reads_what_another_wrote_in_either_list_order(blobs, reader_first):
    traces = [Doubler(), MeanConfidence()] if reader_first else [MeanConfidence(), Doubler()]
    est = estimator(blobs, traces, epochs=2)
    summary = est.fit()
    confidence = summary.epoch_values("eval", "confidence")
    assert len(confidence) == 2 and 1 / 3 <= confidence[-1] <= 1
    assert summary.epoch_values("eval", "double_confidence") == pytest.approx([2 * c for c in confidence])
    predicted = est.network.predict({"x": blobs["x"]}, batch_size=64, verbose=0)["y_pred"]
    assert confidence[-1] == pytest.approx(float(np.mean(predicted.max(-1))), rel=1e-5)


def test_sort_traces_orders_by_keys_and_reports_cycles():
    a, b, c = Trace(inputs="k2", outputs="k3"), Trace(inputs="k1", outputs="k2"), Trace(inputs="x", outputs="k1")
    assert sort_traces([a, b, c]) == [c, b, a]
    star = Trace(inputs="*")
    assert sort_traces([star, a, c, b])[-1] is star
    with pytest.raises(ConfigError, match="cycle"):
        sort_traces([Trace(inputs="p", outputs="q"), Trace(inputs="q", outputs="p")])


def test_data_converts_lazily_and_separates_logged_values():
    data = Data({"y_pred": keras.ops.ones((2, 3))})
    assert data._values == {}  # nothing converted before a read
    assert isinstance(data["y_pred"], np.ndarray) and data["y_pred"].shape == (2, 3)
    data.write_without_log("tmp", 1)
    data.write_with_log("acc", 0.5)
    data.write_per_instance_log("loss_per_sample", keras.ops.zeros((2,)))
    assert data.logs == {"acc": 0.5} and set(data) == {"y_pred", "tmp", "acc"}
    assert data.per_instance_logs["loss_per_sample"].tolist() == [0.0, 0.0]


def test_only_the_keys_traces_read_leave_the_device(blobs):
    recorder = Recorder(inputs="y_pred", mode="train")
    est = estimator(blobs, [recorder], epochs=1)
    est.fit()
    assert est.network.bus_keys["train"] == ("y_pred",)
    assert est.network.bus_keys["eval"] == ()  # the eval traces read nothing from the batch
    assert {keys == ["ce", "loss", "y_pred"] for mode, keys in recorder.batch_keys} == {True}
    assert len(recorder.batch_keys) == 4


def test_traces_in_plain_keras_fit_under_jit_and_keras_callbacks_do_not_see_the_bus(blobs):
    network = classifier_network(fe.build(dense_model, "adam"))
    network.compile(jit_compile=True)  # the bus keys are outputs of the compiled step
    recorder = Recorder(inputs=["y_pred", "y"])
    seen = []
    lambda_callback = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: seen.append(set(logs)))
    history = network.fit(blobs, batch_size=16, epochs=2, verbose=0, validation_data=blobs,
                          callbacks=as_callbacks([recorder]) + [lambda_callback])
    assert network.bus_keys["train"] == network.bus_keys["eval"] == ("y_pred", "y")
    assert {mode for mode, _ in recorder.batch_keys} == {"train", "eval"}
    assert all(keys == ["ce", "loss", "y", "y_pred"] for _, keys in recorder.batch_keys)
    assert seen and all(not any(key.startswith("bus/") for key in keys) for keys in seen)
    assert not any(key.startswith("bus/") for key in history.history) and "val_ce" in history.history
    assert len(recorder.weights) == 2


def test_scheduled_traces_run_only_in_their_epochs(blobs):
    recorder = Recorder(mode="train")
    est = estimator(blobs, [EpochScheduler({2: recorder})], epochs=3)
    est.fit()
    assert len(recorder.weights) == 2  # epochs 2 and 3
