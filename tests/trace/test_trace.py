import keras
import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.trace import Data, Trace, sort_traces
from tests.trace.helpers import estimator


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
    assert len(confidence) == 2
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


def test_data_converts_lazily_once_and_separates_logged_values(monkeypatch):
    conversions, convert = [], keras.ops.convert_to_numpy
    monkeypatch.setattr(keras.ops, "convert_to_numpy", lambda value: conversions.append(1) or convert(value))
    data = Data({"y_pred": keras.ops.ones((2, 3))})
    assert conversions == []  # nothing converted before a read
    assert isinstance(data["y_pred"], np.ndarray)
    np.testing.assert_array_equal(data["y_pred"], np.ones((2, 3)))
    assert conversions == [1]  # converted once, then kept
    data.write_without_log("tmp", 1)
    data.write_with_log("acc", 0.5)
    data.write_per_instance_log("loss_per_sample", keras.ops.zeros((2,)))
    assert data.logs == {"acc": 0.5} and set(data) == {"y_pred", "tmp", "acc"}
    assert data.per_instance_logs["loss_per_sample"].tolist() == [0.0, 0.0]


class PerDataSet(Trace):
    """Writes `acc|<ds_id>` for each data set in force."""

    def get_outputs(self, ds_ids):
        return [f"acc|{ds_id}" for ds_id in ds_ids]


def test_sort_traces_reads_per_data_set_outputs_for_ds_ids():
    reader, writer = Trace(inputs="acc|noisy"), PerDataSet()
    assert sort_traces([reader, writer]) == [reader, writer]  # without ds_ids the writer writes nothing
    assert sort_traces([reader, writer], ds_ids=["clean", "noisy"]) == [writer, reader]


def test_sort_traces_with_available_outputs_refuses_keys_nobody_provides():
    traces = [Trace(inputs=["y", "y_pred"], outputs="acc"), Trace(inputs=["acc", "ce"])]
    assert sort_traces(traces, available_outputs={"y", "y_pred", "ce"}) == traces
    with pytest.raises(ConfigError) as error:
        sort_traces(traces, available_outputs="y")
    assert str(error.value) == ("Trace reads ['y_pred'], which neither the available outputs ['y'] nor any Trace "
                                "(['acc']) provide; fix the key names or add the Trace that writes them")
