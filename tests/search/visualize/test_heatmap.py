"""plot_heatmap / visualize_heatmap: one heatmap per result over two parameters."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.search import GridSearch
from kerasfe.search.visualize import plot_heatmap, visualize_heatmap


def test_cells_hold_each_trials_result_with_categories_in_natural_order():
    search = GridSearch(lambda search_idx, opt, layers: {"acc": layers / 10 + (opt == "sgd"), "time": layers},
                        params={"opt": ["sgd", "adam"], "layers": [10, 2]}, best_mode="min")
    search.fit()
    figure = plot_heatmap(search, title="grid")
    heatmaps = [axis for axis in figure.axes if axis.images]
    assert figure.get_suptitle() == "grid" and [axis.get_title() for axis in heatmaps] == ["acc", "time"]
    for axis in heatmaps:
        assert axis.get_xlabel() == "layers" and axis.get_ylabel() == "opt"
        assert [t.get_text() for t in axis.get_xticklabels()] == ["2", "10"]
        assert [t.get_text() for t in axis.get_yticklabels()] == ["adam", "sgd"]
        assert axis.images[0].get_cmap().name == "viridis_r"  # best_mode="min": low values look best
    np.testing.assert_allclose(heatmaps[0].images[0].get_array(), [[0.2, 1.0], [1.2, 2.0]])
    np.testing.assert_allclose(heatmaps[1].images[0].get_array(), [[2, 10], [2, 10]])
    plt.close(figure)


def test_missing_cells_are_masked_and_unsupported_data_is_named(tmp_path):
    search = GridSearch(lambda search_idx, a, b: a + b, params={"a": [1, 2], "b": [1, 2]})
    search.fit()
    search.search_summary.pop()  # (2, 2) never ran
    figure = plot_heatmap(search)
    cells = figure.axes[0].images[0].get_array()
    assert cells.mask.tolist() == [[False, False], [False, True]]
    plt.close(figure)
    with pytest.raises(ConfigError, match="exactly 2 parameters, but the search has 1"):
        plot_heatmap(search, ignore_keys="b")
    visualize_heatmap(search, save_path=str(tmp_path / "h.pdf"), verbose=False)
    assert (tmp_path / "h.pdf").read_bytes().startswith(b"%PDF")
