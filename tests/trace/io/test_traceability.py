import keras
import pytest

import kerasfe as fe
from kerasfe.errors import ConfigError
from kerasfe.op.numpyop import NumpyOp
from kerasfe.trace.io import Traceability
from kerasfe.trace.io.traceability import op_graph, shorten
from kerasfe.trace.metric import Accuracy
from tests.conftest import classifier_network, dense_model
from tests.trace.io.report_html import decode_images, pdf_pages, read_report, rows_as_dicts

SECTIONS = ["Training Graphs", "Timings", "Parameters", "Op Graphs", "Models", "Datasets", "System Config"]


class Scale(NumpyOp):
    """x * factor (a Pipeline op with a parameter the report shows)."""

    def __init__(self, inputs, outputs, factor=1.0, mode=None):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode)
        self.factor = factor

    def forward(self, data, state):
        return data * self.factor


def test_the_report_describes_the_run_and_is_self_contained(tmp_path, blobs):
    model = fe.build(lambda: dense_model(name="blob_net"), "adam")
    pipeline = fe.Pipeline(train_data=blobs, eval_data=blobs, test_data=blobs, batch_size=16, seed=0,
                           ops=[Scale(inputs="x", outputs="x", factor=0.5, mode="train")])
    trace = Traceability(tmp_path / "report.pdf", extra_objects=Scale("a", "b", factor=3.0))
    estimator = fe.Estimator(pipeline, classifier_network(model), epochs=1, log_steps=None,
                             traces=[Accuracy(true_key="y", pred_key="y_pred"), trace])
    summary = estimator.fit("Blob Run #1")
    html, pdf = tmp_path / "report" / "blob_run_1.html", tmp_path / "report" / "blob_run_1.pdf"
    report = read_report(html)
    assert report.sections == SECTIONS
    assert all(link.startswith(("data:image/png;base64,", "#")) for link in report.links)  # no external file
    tables = {caption: rows_as_dicts(table) for caption, table in report.tables.items()}
    final = {(row["mode"], row["key"]): row["last value"] for row in tables["Final values"]}
    for mode in ("train", "eval"):
        values = summary.history[mode]["ce"]
        assert final[(mode, "ce")] == shorten(values[max(values)])
    assert final[("eval", "accuracy")] == shorten(summary.history["eval"]["accuracy"][4])  # 64 samples / 16
    assert [(row["mode"], row["epoch"]) for row in tables["Time per epoch"]] == [("train", "1"), ("eval", "1")]
    assert [(row["type"], row["inputs"], row["outputs"], row["modes"]) for row in tables["Network ops"]] == \
        [("ModelOp(blob_net)", "x", "y_pred", "all"), ("CrossEntropy", "y_pred, y", "ce", "train, eval, test"),
         ("UpdateOp(blob_net)", "ce", "", "train")]
    (scale,) = tables["Pipeline ops"]
    assert (scale["type"], scale["modes"], scale["parameters"]) == ("Scale", "train", "factor=0.5")
    assert tables["Extra objects"] == [{"object": "Scale", "parameters": "factor=3"}]
    assert "Accuracy" in [row["type"] for row in tables["Traces"]]
    assert {row["parameter"]: row["value"] for row in tables["Estimator"]}["epochs"] == "1"
    # 4 inputs x 3 classes + 3 biases, by hand
    ((layer, kind, shape, count),) = [tuple(row.values()) for row in tables["Layers of blob_net"]]
    assert (kind, shape, count) == ("Dense", "(None, 3)", "15")
    assert [(row["mode"], row["samples"], row["keys (shape, dtype) of a sample"]) for row in tables["Data sets"]] == \
        [(mode, "64", "x: (4,) float32; y: () int64") for mode in ("train", "eval", "test")]
    assert {row["mode"]: row["keys (shape, dtype) of the first batch"] for row in tables["Batches after the Pipeline's ops"]}[
        "train"] == "x: (16, 4) float32; y: (16,) int64"
    assert {row["item"]: row["value"] for row in tables["System"]}["Keras backend"] == keras.backend.backend()
    images = decode_images(report.images)
    assert len(images) == 1 + 3  # the history plots, one op graph per mode
    assert all(image.size[0] > 300 and image.size[1] > 100 for image in images)
    pages = pdf_pages(pdf)
    starts = {page.splitlines()[0]: index for index, page in enumerate(pages)}  # each section starts a page
    assert "Blob Run #1" in pages[0] and [title for title in starts if title in SECTIONS] == SECTIONS
    assert "ModelOp(blob_net)" in pages[starts["Parameters"]]
    assert "x: (4,) float32; y: () int64" in pages[starts["Datasets"]]


def test_op_graph_links_each_reader_to_the_last_writer_of_its_keys(blobs):
    model = fe.build(dense_model, "adam")
    pipeline = fe.Pipeline(train_data=blobs, batch_size=16, ops=[Scale(inputs="x", outputs="x", mode="train")])
    estimator = fe.Estimator(pipeline, classifier_network(model), epochs=1, log_steps=None,
                             traces=Accuracy(true_key="y", pred_key="y_pred", mode="train"))
    graph = op_graph(estimator.system, "train")
    edges = {(graph.nodes[a]["label"], graph.nodes[b]["label"]): keys for a, b, keys in graph.edges(data="keys")}
    model_op, update_op = f"ModelOp({model.name})", f"UpdateOp({model.name})"
    assert edges == {("x", "Scale"): ["x"], ("Scale", model_op): ["x"], (model_op, "CrossEntropy"): ["y_pred"],
                     ("y", "CrossEntropy"): ["y"], ("CrossEntropy", update_op): ["ce"], ("y", "Accuracy"): ["y"],
                     (model_op, "Accuracy"): ["y_pred"],
                     ("first_nonfinite_batch", "TerminateOnNaN"): ["first_nonfinite_batch"]}  # the step's own log
    assert {data["kind"] for _, data in graph.nodes(data=True)} == {"data", "pipeline", "network", "trace"}


def test_a_run_without_a_name_is_refused(tmp_path, blobs):
    model = fe.build(dense_model, "adam")
    estimator = fe.Estimator(fe.Pipeline(train_data=blobs, batch_size=16), classifier_network(model), epochs=1,
                             log_steps=None, traces=Traceability(tmp_path))
    with pytest.raises(ConfigError, match="Traceability needs an experiment name"):
        estimator.fit()
