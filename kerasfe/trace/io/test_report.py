"""TestReport: checks a trained model against test cases while it is tested, and writes the results as JSON,
HTML and PDF (FastEstimator's `fe.trace.io.TestReport`; HTML and PDF instead of LaTeX)."""
import datetime
import inspect
import json
import os
import time

import numpy as np

from kerasfe.atomic_file import atomic_open
from kerasfe.errors import ConfigError, WrongTypeError
from kerasfe.op.op import as_list
from kerasfe.trace.io.report_document import ReportDocument
from kerasfe.trace.io.traceability import report_file_name
from kerasfe.trace.trace import Trace


class TestCase:
    """One test a `TestReport` runs. The names of `criteria`'s parameters are the keys it is given.

    Args:
        description: what the test checks (shown in the report).
        criteria: for an aggregate test, a function of epoch-level values (e.g. "accuracy") returning a bool,
            run at the end of the test epoch; for a per-instance test, a function of batch keys returning a
            boolean array with one entry per sample (True: the sample passes), run after every batch.
        aggregate: whether the test is aggregate (True) or per-instance (False).
        fail_threshold: a per-instance test passes when at most this many samples fail.

    Raises:
        ConfigError: `fail_threshold` is set on an aggregate test.

    Example:
        >>> case = TestCase("accuracy above 0.9", lambda accuracy: accuracy > 0.9)
        >>> case.aggregate, list(case.criteria_inputs)
        (True, ['accuracy'])
    """
    __test__ = False  # not a pytest test class

    def __init__(self, description, criteria, aggregate=True, fail_threshold=0):
        self.description = description
        self.criteria = criteria
        self.criteria_inputs = list(inspect.signature(criteria).parameters)
        self.aggregate = aggregate
        if aggregate and fail_threshold:
            raise ConfigError(f"TestCase '{description}': fail_threshold applies to per-instance tests only; fix: "
                              "pass aggregate=False, or drop fail_threshold")
        self.fail_threshold = fail_threshold
        self.init_result()

    def init_result(self):
        """Forgets the results of an earlier test run."""
        self.result = None if self.aggregate else []
        self.input_val = None
        self.fail_id = []


class TestReport(Trace):
    """Runs `test_cases` in the test mode and writes their results: `<save_path>/<title>_TestReport.json`
    (title, timestamp, execution time, and per test: type, description, passed, and the inputs of aggregate
    tests or the failure count / threshold / failing ids of per-instance ones), plus the same as `.html` (one
    self-contained file) and `.pdf`.

    Args:
        test_cases: a TestCase or a list of them.
        save_path: the folder to write into (made if missing; a file name's extension is dropped).
        test_title: the report's title (None: the experiment name).
        data_id: a batch key holding each sample's id; per-instance tests then list the failing ids.

    Raises:
        ConfigError: (when testing starts) neither a title nor an experiment name is given.

    Example:
        >>> import json, pathlib, tempfile, numpy as np
        >>> from kerasfe.trace.system import System
        >>> from kerasfe.trace.trace import Data
        >>> from kerasfe.summary import Summary
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> report = TestReport([TestCase("small", lambda x: x < 2, aggregate=False),
        ...                      TestCase("mean small", lambda mean_x: mean_x < 2)], folder, test_title="Demo")
        >>> report.system = System(network=None, summary=Summary("demo"))
        >>> report.on_begin(Data())
        >>> report.on_batch_end(Data({"x": np.array([1, 3])}))
        >>> report.on_epoch_end(Data({"mean_x": 2.0}))
        >>> report.on_end(Data())
        >>> [(test["description"], test["passed"]) for test in json.loads((folder / "demo_TestReport.json").read_text())["tests"]]
        [('small', False), ('mean small', False)]
    """

    __test__ = False  # not a pytest test class

    def __init__(self, test_cases, save_path, test_title=None, data_id=None):
        cases = as_list(test_cases)
        for case in cases:
            if not isinstance(case, TestCase):
                raise WrongTypeError(f"TestReport: test_cases must be TestCases; got {type(case).__name__}")
        self.instance_cases = [case for case in cases if not case.aggregate]
        self.aggregate_cases = [case for case in cases if case.aggregate]
        self.test_title, self.data_id = test_title, data_id
        keys = ([data_id] if data_id else []) + [key for case in cases for key in case.criteria_inputs]
        super().__init__(inputs=list(dict.fromkeys(keys)), mode="test")
        path = os.path.abspath(os.path.normpath(str(save_path)))
        self.save_dir = os.path.join(os.path.dirname(path), os.path.basename(path).split(".")[0] or "report")
        self.report_name = None
        self.json_summary = {}

    def on_begin(self, data):
        title = self.test_title or (self.system.summary.name if self.system.summary is not None else None)
        if not title:
            raise ConfigError("TestReport needs a title or an experiment name; fix: TestReport(..., test_title=\"...\") "
                              "or estimator.test(\"my experiment\")")
        self.report_name = report_file_name(title) + "_TestReport"
        self.json_summary = {"title": title, "timestamp": str(datetime.datetime.now()),
                             "execution_time(s)": time.time(), "tests": []}
        for case in self.instance_cases + self.aggregate_cases:
            case.init_result()

    def on_batch_end(self, data):
        for case in self.instance_cases:
            result = case.criteria(*[data[key] for key in case.criteria_inputs])
            if not isinstance(result, np.ndarray) or result.dtype != np.bool_:
                raise WrongTypeError(f"TestReport: the criteria of per-instance test '{case.description}' must return "
                                     f"a numpy array of bools (one per sample); got {type(result).__name__}"
                                     f"{' of ' + str(result.dtype) if isinstance(result, np.ndarray) else ''}")
            result = result.reshape(-1)
            case.result.append(result)
            if self.data_id:
                ids = np.asarray(data[self.data_id]).reshape(-1)
                if ids.size != result.size:
                    raise ConfigError(f"TestReport: per-instance test '{case.description}' returned {result.size} "
                                      f"results for a batch of {ids.size} '{self.data_id}' ids; fix: return one "
                                      "bool per sample")
                case.fail_id.append(ids[~result])

    def on_epoch_end(self, data):
        for case in self.aggregate_cases:
            result = case.criteria(*[data[key] for key in case.criteria_inputs])
            if not isinstance(result, (bool, np.bool_)):
                raise WrongTypeError(f"TestReport: the criteria of aggregate test '{case.description}' must return "
                                     f"a bool; got {type(result).__name__}")
            case.result = bool(result)
            case.input_val = {key: to_serializable(data[key]) for key in case.criteria_inputs}

    def on_end(self, data):
        for case in self.instance_cases:
            results = np.concatenate(case.result) if case.result else np.zeros(0, bool)
            failures = int(np.sum(~results))
            entry = {"test_type": "per-instance", "description": case.description,
                     "passed": failures <= case.fail_threshold, "fail_threshold": case.fail_threshold,
                     "fail_number": failures}
            if self.data_id:
                entry["fail_id"] = to_serializable(np.concatenate(case.fail_id) if case.fail_id else np.zeros(0))
            self.json_summary["tests"].append(entry)
        for case in self.aggregate_cases:
            self.json_summary["tests"].append({"test_type": "aggregate", "description": case.description,
                                               "passed": case.result, "inputs": case.input_val})
        self.json_summary["execution_time(s)"] = time.time() - self.json_summary["execution_time(s)"]
        os.makedirs(self.save_dir, exist_ok=True)
        base = os.path.join(self.save_dir, self.report_name)
        with atomic_open(base + ".json", "w") as file:
            json.dump(self.json_summary, file, indent=4)
        self.make_document().save(base + ".html", base + ".pdf")

    def make_document(self):
        """The report of the results (a `ReportDocument`)."""
        summary = self.json_summary
        document = ReportDocument(summary["title"], f"Test report, {summary['timestamp'][:19]}")
        tests = summary["tests"]
        passed = [test for test in tests if test["passed"]]
        failed = [test for test in tests if not test["passed"]]
        section = document.section("Test Summary")
        section.add_text(f"Execution time: {summary['execution_time(s)']:.2f} seconds")
        section.add_table(["Total Tests", "Total Passed", "Total Failed"], [[len(tests), len(passed), len(failed)]])
        section.add_text("All tests passed." if not failed else f"{len(failed)} test(s) failed.",
                         style="failed" if failed else "passed")
        for title, group in (("Failed Tests", failed), ("Passed Tests", passed)):
            if not group:
                continue
            section = document.section(title)
            aggregate = [test for test in group if test["test_type"] == "aggregate"]
            instance = [test for test in group if test["test_type"] == "per-instance"]
            if aggregate:
                section.add_table(["Test ID", "Test Description", "Input Value"],
                                  [[index, test["description"], json.dumps(test["inputs"])]
                                   for index, test in enumerate(aggregate, start=1)],
                                  caption=f"{title[:-6]} Aggregate Tests")
            if instance:
                headers = ["Test ID", "Test Description", "Pass Threshold", "Failure Count"]
                headers += ["Failure Data Instance ID"] if self.data_id else []
                rows = [[index, test["description"], test["fail_threshold"], test["fail_number"]]
                        + ([", ".join(map(str, test["fail_id"]))] if self.data_id else [])
                        for index, test in enumerate(instance, start=1)]
                section.add_table(headers, rows, caption=f"{title[:-6]} Per-Instance Tests")
        return document


def to_serializable(value):
    """`value` as JSON-ready Python: numpy arrays as (nested) lists, numpy scalars as numbers.

    Example:
        >>> to_serializable(np.array([[1, 2]], "int32")), to_serializable(np.float32(0.5)), to_serializable("a")
        ([[1, 2]], 0.5, 'a')
    """
    if isinstance(value, (np.ndarray, np.generic)):
        return value.tolist()
    if hasattr(value, "shape") and hasattr(value, "dtype"):  # a backend tensor
        return np.asarray(value).tolist()
    return value
