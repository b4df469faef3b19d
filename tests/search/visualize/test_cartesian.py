"""plot_cartesian / visualize_cartesian: each result against the parameter, grouped into subplots."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.search import GridSearch, Search
from kerasfe.search.visualize import plot_cartesian, visualize_cartesian


def _search():
    search = GridSearch(lambda search_idx, lr: {"loss": 1 / lr, "acc": lr / 4, "f1": lr / 8}, params={"lr": [1, 2, 4]},
                        name="lr_search")
    search.fit()
    return search


def test_one_subplot_per_result_with_the_results_as_lines():
    figure = plot_cartesian(_search())
    axes = figure.axes
    assert figure.get_suptitle() == "lr_search"
    assert [axis.get_ylabel() for axis in axes] == ["acc", "f1", "loss"]
    assert {axis.get_xlabel() for axis in axes} == {"lr"}
    for axis, expected in zip(axes, ([0.25, 0.5, 1.0], [0.125, 0.25, 0.5], [1.0, 0.5, 0.25])):
        (line,) = axis.lines
        np.testing.assert_allclose(line.get_xdata(), [1, 2, 4])
        np.testing.assert_allclose(line.get_ydata(), expected)
        assert line.get_linestyle() == "-"
    plt.close(figure)


def test_groups_share_axes_and_varying_ignored_params_give_markers_only():
    figure = plot_cartesian(_search(), title="mine", groups=[["f1", "acc"]])
    assert len(figure.axes) == 2 and figure.get_suptitle() == "mine"
    assert [line.get_label() for line in figure.axes[0].lines] == ["f1", "acc"]
    assert [line.get_label() for line in figure.axes[1].lines] == ["loss"]
    plt.close(figure)
    search = Search(lambda search_idx, a, b: a)
    search.search_summary = [{"param": {"a": a, "b": b, "search_idx": 1}, "result": {"v": a + b}}
                             for a in (1, 2) for b in (0, 5)]
    figure = plot_cartesian(search, ignore_keys="b")
    (line,) = figure.axes[0].lines
    assert line.get_linestyle() == "None" and line.get_ydata().tolist() == [1, 6, 2, 7]
    plt.close(figure)
    with pytest.raises(ConfigError, match="exactly 1 parameter, but the search has 2"):
        plot_cartesian(search)
    with pytest.raises(ConfigError, match=r"groups name \['nope'\]"):
        plot_cartesian(_search(), groups=[["nope"]])


def test_visualize_cartesian_saves_the_figure_from_the_saved_search(tmp_path):
    _search().fit(save_dir=str(tmp_path))
    visualize_cartesian(str(tmp_path / "lr_search.json"), save_path=str(tmp_path / "plots" / "lr"), verbose=False)
    image = plt.imread(tmp_path / "plots" / "lr.png")
    assert image.ndim == 3 and image.shape[0] > 100
