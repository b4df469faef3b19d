"""GoldenSection: the bracket shrinks by 0.618 per iteration around the optimum of a unimodal function."""
import math

import pytest

from kerasfe.errors import ConfigError, WrongTypeError
from kerasfe.search import GoldenSection

INV_PHI = (math.sqrt(5) - 1) / 2


@pytest.mark.parametrize("best_mode, sign", [("min", 1.0), ("max", -1.0)])
def test_finds_the_optimum_of_a_unimodal_function_within_the_final_bracket(best_mode, sign):
    x_min, x_max, max_iter, optimum = 0.0, 10.0, 20, 2.3456
    calls = []

    def eval_fn(search_idx, x):
        calls.append(x)
        return {"f": sign * ((x - optimum) ** 2 + 1.0)}

    search = GoldenSection(eval_fn, x_min=x_min, x_max=x_max, max_iter=max_iter, best_mode=best_mode, integer=False)
    search.fit()
    assert len(calls) == max_iter + 2  # two to start, one per iteration
    assert abs(search.get_best_results()["param"]["x"] - optimum) <= INV_PHI ** max_iter * (x_max - x_min)
    assert all(x_min <= x <= x_max for x in calls)


def test_integer_search_lands_next_to_the_minimum_and_reuses_evaluated_points():
    calls = []

    def eval_fn(search_idx, n):
        calls.append(n)
        return abs(n - 37)

    search = GoldenSection(eval_fn, x_min=0, x_max=100, max_iter=15, best_mode="min")
    search.fit()
    assert abs(search.get_best_results()["param"]["n"] - 37) <= 1  # truncating to ints costs up to one step
    assert len(calls) == len(set(calls)) and all(isinstance(n, int) for n in calls)


def test_golden_section_resumes_without_repeating_trials(tmp_path):
    calls = []

    def eval_fn(search_idx, x):
        if search_idx == 5 and not calls[-1:] == ["resumed"]:
            raise RuntimeError("killed")
        calls.append(x)
        return (x - 1.0) ** 2

    kwargs = dict(x_min=-4.0, x_max=4.0, max_iter=6, best_mode="min", integer=False)
    with pytest.raises(RuntimeError, match="killed"):
        GoldenSection(eval_fn, **kwargs).fit(save_dir=str(tmp_path))
    first = list(calls)
    calls.append("resumed")
    search = GoldenSection(eval_fn, **kwargs)
    search.fit(save_dir=str(tmp_path))
    assert len(first) == 4 and len(calls) - 5 == 4  # 8 trials in all: 4 before, 4 after the interruption
    reference = GoldenSection(lambda search_idx, x: (x - 1.0) ** 2, **kwargs)
    reference.fit()
    assert search.get_search_summary() == reference.get_search_summary()


def test_bad_settings_are_named():
    with pytest.raises(WrongTypeError, match="must be ints when integer=True"):
        GoldenSection(lambda search_idx, x: x, x_min=0.5, x_max=2, max_iter=3, best_mode="min")
    with pytest.raises(ConfigError, match="x_min must be smaller than x_max"):
        GoldenSection(lambda search_idx, x: x, x_min=3, x_max=2, max_iter=3, best_mode="min")
    with pytest.raises(ConfigError, match="exactly one argument besides 'search_idx'"):
        GoldenSection(lambda search_idx, x, y: x, x_min=0, x_max=2, max_iter=3, best_mode="min")
    with pytest.raises(ConfigError, match="best_mode must be 'max' or 'min'"):
        GoldenSection(lambda search_idx, x: x, x_min=0, x_max=2, max_iter=3, best_mode="best")
