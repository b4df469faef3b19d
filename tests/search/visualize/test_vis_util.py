"""SearchData (trials as plottable columns), natural sorting, loading a saved search and saving figures."""
import matplotlib.pyplot as plt
import pytest

from kerasfe.errors import ConfigError, DataError
from kerasfe.search import Search
from kerasfe.search.visualize.vis_util import SearchData, load_search_file, natural_sorted, show_figure


def _search(trials):
    search = Search(lambda search_idx, **kwargs: 0)
    search.search_summary = trials
    return search


def test_search_data_drops_constant_and_ignored_keys_and_maps_categories():
    trials = [{"param": {"a": a, "const": 3, "opt": opt, "search_idx": i}, "result": {"acc": [i / 10], "name": "r"}}
              for i, (a, opt) in enumerate([(1, "sgd"), (2, "adam"), (3, "sgd")], 1)]
    data = SearchData(_search(trials), ignore_keys=["name"])
    assert data.params == ["a", "opt"] and data.results == ["acc"]
    assert data.data["acc"] == [0.1, 0.2, 0.3]  # one-element lists are unwrapped
    assert data.categorical_maps == {"opt": {"sgd": 0, "adam": 1}} and data.data["opt"] == [0, 1, 0]
    assert data.to_category("opt", 1) == "adam" and data.to_category("a", 2) == "2"
    assert not data.ignored_params and SearchData(_search(trials), ignore_keys="a").ignored_params
    with pytest.raises(ConfigError, match="no results left to plot"):
        SearchData(_search(trials), ignore_keys=["acc", "name"])
    trials[1]["param"]["extra"] = 1
    with pytest.raises(DataError, match="trial 2 has parameter 'extra'"):
        SearchData(_search(trials))


def test_natural_sorting_and_a_loaded_search_cannot_evaluate(tmp_path):
    assert natural_sorted(["b10", "b9", "A1"]) == ["A1", "b9", "b10"]
    assert natural_sorted([10, 9, 100]) == [9, 10, 100]
    with pytest.raises(ConfigError, match="no file at"):
        load_search_file(str(tmp_path / "none.json"))
    search = _search([{"param": {"x": 1, "search_idx": 1}, "result": {"value": 1}}])
    search.name, search.best_mode = "s", "min"
    search.save(str(tmp_path))
    loaded = load_search_file(str(tmp_path / "s.json"))
    assert (loaded.name, loaded.best_mode, loaded.get_search_summary()) == ("s", "min", search.get_search_summary())
    with pytest.raises(ConfigError, match="holds its saved trials only"):
        loaded.evaluate(x=2)


def test_show_figure_formats(tmp_path):
    for name, check in (("a", lambda: (tmp_path / "a.png").read_bytes()[:4] == b"\x89PNG"),
                        ("b.html", lambda: "<svg" in (tmp_path / "b.html").read_text()),
                        ("c.svg", lambda: "<svg" in (tmp_path / "c.svg").read_text())):
        figure, axis = plt.subplots()
        axis.plot([1, 2])
        show_figure(figure, save_path=str(tmp_path / name), verbose=False)
        assert check()
