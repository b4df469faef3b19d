"""visualize_search picks the plot that fits the search."""
import pytest

from kerasfe.search import Search
from kerasfe.search.visualize import visualize_search
from kerasfe.search.visualize import cartesian, heatmap, parallel_coordinate_plot


def _search(params):
    search = Search(lambda search_idx, **kwargs: 0)
    search.search_summary = [{"param": {**p, "search_idx": i}, "result": {"v": i}} for i, p in enumerate(params, 1)]
    return search


@pytest.mark.parametrize("params, chosen", [
    ([{"a": 1}, {"a": 2}], "plot_cartesian"),
    ([{"a": a, "b": b} for a in (1, 2) for b in (1, 2)], "plot_heatmap"),
    ([{"a": "x"}, {"a": "y"}], "plot_parallel_coordinates"),
    ([{"a": a, "b": b, "c": a} for a in (1, 2) for b in (1, 2)], "plot_parallel_coordinates"),
])
def test_visualize_search_chooses_by_the_data(monkeypatch, tmp_path, params, chosen):
    called = []
    for module in (cartesian, heatmap, parallel_coordinate_plot):
        for name in [name for name in vars(module) if name.startswith("plot_")]:
            original = getattr(module, name)
            monkeypatch.setattr(module, name, lambda *args, _name=name, _f=original, **kwargs: (
                called.append(_name), _f(*args, **kwargs))[1])
    visualize_search(_search(params), save_path=str(tmp_path / "s.png"), verbose=False)
    assert called == [chosen] and (tmp_path / "s.png").exists()
