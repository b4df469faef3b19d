"""Search: trials, the evaluation cache, saving after each trial, and resuming an interrupted search."""
import json

import numpy as np
import pytest

from kerasfe.errors import ConfigError, DataError
from kerasfe.search import GridSearch, Search


class Listed(Search):
    """Evaluates the x values it is given, in order."""

    def __init__(self, eval_fn, xs, name="listed"):
        super().__init__(eval_fn, name=name)
        self.xs = xs

    def _fit(self):
        for x in self.xs:
            self.evaluate(x=x)


def test_results_are_json_values_and_repeats_come_from_the_cache():
    calls = []

    def eval_fn(search_idx, x):
        calls.append((search_idx, x))
        return {"arr": np.arange(x), "scalar": np.float32(x / 2), "nested": {"m": np.ones(1)}}

    search = Listed(eval_fn, xs=[1, 2, 1, 2, 3])
    search.fit()
    assert calls == [(1, 1), (2, 2), (3, 3)]
    summary = search.get_search_summary()
    assert summary[2] == {"param": {"x": 3, "search_idx": 3},
                          "result": {"arr": [0, 1, 2], "scalar": 1.5, "nested": {"m": [1.0]}}}
    json.dumps(summary)  # every value is plain JSON
    assert search.get_best_results(best_mode="max", optimize_field="scalar")["param"]["x"] == 3


def test_best_results_need_a_mode_a_field_and_trials():
    search = Listed(lambda search_idx, x: {"a": x, "b": -x}, xs=[1, 2])
    with pytest.raises(DataError, match="no trial has run yet"):
        search.get_best_results(best_mode="min")
    search.fit()
    with pytest.raises(ConfigError, match="best_mode must be 'max' or 'min'"):
        search.get_best_results()
    with pytest.raises(ConfigError, match=r"several keys \['a', 'b'\]"):
        search.get_best_results(best_mode="min")
    with pytest.raises(ConfigError, match="optimize_field 'c' is not among the results"):
        search.get_best_results(best_mode="min", optimize_field="c")
    assert search.get_best_results(best_mode="min", optimize_field="b")["param"] == {"x": 2, "search_idx": 2}


def test_eval_fn_must_take_search_idx():
    with pytest.raises(ConfigError, match="must take a 'search_idx' argument"):
        Search(lambda x: x)


def test_an_interrupted_search_resumes_from_its_json_running_only_the_missing_trials(tmp_path):
    calls, fail_at = [], {"trial": 4}

    def eval_fn(search_idx, a, b):
        if search_idx == fail_at["trial"]:
            raise RuntimeError("killed")
        calls.append((a, b))
        return a * 10 + b

    params = {"a": [1, 2, 3], "b": [0, 1]}
    with pytest.raises(RuntimeError, match="killed"):
        GridSearch(eval_fn, params=params, best_mode="max").fit(save_dir=str(tmp_path))
    saved = json.loads((tmp_path / "grid_search.json").read_text())
    assert [trial["param"]["search_idx"] for trial in saved["search_summary"]] == [1, 2, 3]
    assert saved["best_mode"] == "max" and saved["name"] == "grid_search"
    fail_at["trial"], calls[:] = None, []
    search = GridSearch(eval_fn, params=params, best_mode="max")
    search.fit(save_dir=str(tmp_path))
    assert calls == [(2, 1), (3, 0), (3, 1)]  # trials 1-3 came from the file
    assert [trial["param"]["search_idx"] for trial in search.get_search_summary()] == [1, 2, 3, 4, 5, 6]
    assert search.get_best_results() == {"param": {"a": 3, "b": 1, "search_idx": 6}, "result": {"value": 31}}
    assert len(json.loads((tmp_path / "grid_search.json").read_text())["search_summary"]) == 6


def test_load_and_fit_without_save_dir_start_fresh(tmp_path):
    search = Listed(lambda search_idx, x: x, xs=[(1, 2)])
    search.fit(save_dir=str(tmp_path))
    other = Listed(lambda search_idx, x: x, xs=[])
    other.load(str(tmp_path))
    assert other.get_search_summary() == [{"param": {"x": [1, 2], "search_idx": 1}, "result": {"value": [1, 2]}}]
    assert other.evaluate(x=(1, 2)) == {"value": [1, 2]}  # a tuple and its saved list are the same parameter
    other.fit()
    assert other.get_search_summary() == []
    with pytest.raises(ConfigError, match="no saved search at"):
        Listed(lambda search_idx, x: x, xs=[], name="absent").load(str(tmp_path))
