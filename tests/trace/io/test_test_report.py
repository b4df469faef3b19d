import json

import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.errors import ConfigError, WrongTypeError
from kerasfe.trace.io import TestCase, TestReport
from kerasfe.trace.metric import Accuracy
from tests.conftest import classifier_network, dense_model
from tests.trace.io.report_html import pdf_pages, read_report, rows_as_dicts


def test_cases_are_judged_per_instance_and_in_aggregate_against_numpy(tmp_path, blobs):
    data = dict(blobs, id=np.arange(100, 164))
    model = fe.build(dense_model, "adam")
    pipeline = fe.Pipeline(test_data=data, batch_size=16, seed=0)  # an untrained model: some samples fail
    cases = [TestCase("predicted class is right", lambda y, y_pred: np.argmax(y_pred, axis=-1) == y, aggregate=False),
             TestCase("confident", lambda y_pred: np.max(y_pred, axis=-1) > 0.99, aggregate=False, fail_threshold=64),
             TestCase("accuracy above 0.5", lambda accuracy: accuracy > 0.5),
             TestCase("accuracy above 1", lambda accuracy: accuracy > 1.0)]
    traces = [Accuracy(true_key="y", pred_key="y_pred"), TestReport(cases, tmp_path / "out", data_id="id")]
    estimator = fe.Estimator(pipeline, classifier_network(model), epochs=1, log_steps=None, traces=traces)
    estimator.test("Blobs")
    predicted = np.argmax(keras.ops.convert_to_numpy(model(data["x"])), axis=-1)
    wrong = data["id"][predicted != data["y"]]
    accuracy = float(np.mean(predicted == data["y"]))
    summary = json.loads((tmp_path / "out" / "blobs_TestReport.json").read_text())
    assert summary["title"] == "Blobs" and summary["execution_time(s)"] >= 0
    instance, confident, above_half, above_one = summary["tests"][0], summary["tests"][1], *summary["tests"][2:]
    assert instance == {"test_type": "per-instance", "description": "predicted class is right",
                        "passed": len(wrong) == 0, "fail_threshold": 0, "fail_number": len(wrong),
                        "fail_id": wrong.tolist()}
    assert confident["passed"] is True  # at most all 64 samples may fail
    assert above_half["inputs"]["accuracy"] == pytest.approx(accuracy, abs=1e-6)
    assert (above_half["passed"], above_one["passed"]) == (accuracy > 0.5, False)
    report = read_report(tmp_path / "out" / "blobs_TestReport.html")
    failed = sum(not test["passed"] for test in summary["tests"])
    assert rows_as_dicts(report.tables["table 0"]) == [{"Total Tests": "4", "Total Passed": str(4 - failed),
                                                         "Total Failed": str(failed)}]
    assert report.sections[0] == "Test Summary" and "Failed Tests" in report.sections
    failed_aggregate = rows_as_dicts(report.tables["Failed Aggregate Tests"])
    assert [row["Test Description"] for row in failed_aggregate] == \
        ["accuracy above 0.5"] * (accuracy <= 0.5) + ["accuracy above 1"]
    pages = pdf_pages(tmp_path / "out" / "blobs_TestReport.pdf")
    assert "Test Summary" in pages[1] and "accuracy above 1" in "".join(pages)


def test_wrong_criteria_and_settings_are_refused(tmp_path, blobs):
    with pytest.raises(ConfigError, match="fail_threshold applies to per-instance tests only"):
        TestCase("x", lambda y: True, fail_threshold=2)
    with pytest.raises(WrongTypeError, match="must be TestCases"):
        TestReport([lambda y: True], tmp_path)
    model = fe.build(dense_model, "adam")
    report = TestReport(TestCase("list", lambda y: [True] * len(y), aggregate=False), tmp_path, test_title="t")
    estimator = fe.Estimator(fe.Pipeline(test_data=blobs, batch_size=16), classifier_network(model), epochs=1,
                             log_steps=None, traces=report)
    with pytest.raises(WrongTypeError, match="must return a numpy array of bools"):
        estimator.test()
