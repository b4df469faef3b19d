"""plot_parallel_coordinates / visualize_parallel_coordinates: a line per trial across an axis per key."""
import matplotlib.pyplot as plt
import numpy as np

from kerasfe.search import GridSearch, Search
from kerasfe.search.visualize import plot_parallel_coordinates, visualize_parallel_coordinates


def test_one_line_per_trial_through_its_scaled_values_colored_by_the_result():
    search = GridSearch(lambda search_idx, lr, opt, bs: {"acc": lr * bs, "loss": 1 - lr},
                        params={"lr": [0.1, 0.5], "opt": ["sgd", "adam"], "bs": [8, 32]}, best_mode="max",
                        optimize_field="acc")
    search.fit()
    figure = plot_parallel_coordinates(search)
    axis = figure.axes[0]
    keys = ["bs", "lr", "opt", "acc", "loss"]
    assert [t.get_text() for t in axis.get_xticklabels()] == keys
    assert len(axis.lines) == 8
    trials = search.get_search_summary()
    values = np.array([[t["param"]["bs"], t["param"]["lr"], {"sgd": 0, "adam": 1}[t["param"]["opt"]],
                        t["result"]["acc"], t["result"]["loss"]] for t in trials], dtype=float)
    scaled = (values - values.min(0)) / (values.max(0) - values.min(0))
    for line, expected in zip(axis.lines, scaled):
        np.testing.assert_allclose(line.get_ydata(), expected)
        np.testing.assert_allclose(line.get_xdata(), range(5))
    acc = values[:, 3]
    colors = plt.get_cmap("viridis")((acc - acc.min()) / (acc.max() - acc.min()))
    np.testing.assert_allclose([line.get_color() for line in axis.lines], colors)
    assert figure.axes[1].get_ylabel() == "acc"  # the colorbar
    labels = {text.get_text() for text in axis.texts}
    assert {"sgd", "adam", "8", "32", "0.1", "0.5"} <= labels
    plt.close(figure)


def test_color_by_and_an_empty_search(tmp_path):
    search = Search(lambda search_idx, x: x, name="empty")
    figure = plot_parallel_coordinates(search)
    assert len(figure.axes[0].lines) == 0 and figure.get_suptitle() == "empty"
    plt.close(figure)
    search.search_summary = [{"param": {"x": x, "search_idx": x}, "result": {"a": x, "b": -x}} for x in (1, 2, 3)]
    figure = plot_parallel_coordinates(search, color_by="b")
    assert figure.axes[1].get_ylabel() == "b"
    np.testing.assert_allclose(figure.axes[0].lines[0].get_color(), plt.get_cmap("viridis")(1.0))
    plt.close(figure)
    visualize_parallel_coordinates(search, save_path=str(tmp_path / "p.svg"), verbose=False)
    assert "<svg" in (tmp_path / "p.svg").read_text()
