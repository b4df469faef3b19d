"""Parallel-coordinate plots of a search: one line per trial across an axis per parameter and result."""
import numpy as np

from kerasfe.search.visualize.vis_util import SearchData, as_search, natural_sorted, show_figure


def plot_parallel_coordinates(search, color_by=None, title=None, ignore_keys=None):
    """Draws one vertical axis per parameter and result (parameters first) and one line per trial through its
    values, each axis scaled to its own [min, max] (labelled at both ends; categories at their positions). Lines
    are colored by the `color_by` key (viridis, reversed for a `best_mode="min"` search).

    Args:
        search: a `Search`, or the path of its JSON file.
        color_by: the key whose value colors the lines (None: the search's `optimize_field`, else the last numeric
            result in natural order).
        title: the figure title (None: the search's name).
        ignore_keys: parameter / result keys to leave out.

    Returns:
        The matplotlib Figure: its first axes holds the trial lines (y in [0, 1], x the axis index), in trial order.

    Example:
        >>> from kerasfe.search import GridSearch
        >>> search = GridSearch(lambda search_idx, a, opt: {"v": a}, params={"a": [0, 5], "opt": ["sgd", "adam"]})
        >>> search.fit()  # doctest: +ELLIPSIS
        FastEstimator-Search: ...
        >>> figure = plot_parallel_coordinates(search)
        >>> [text.get_text() for text in figure.axes[0].get_xticklabels()]
        ['a', 'opt', 'v']
        >>> [line.get_ydata().tolist() for line in figure.axes[0].lines]
        [[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]]
    """
    import matplotlib.pyplot as plt

    search = as_search(search)
    color_by = search.optimize_field if color_by is None else color_by
    title = search.name if title is None else title
    cmap = plt.get_cmap("viridis_r" if search.best_mode == "min" else "viridis")
    data = SearchData(search=search, ignore_keys=ignore_keys)
    figure, axis = plt.subplots(figsize=(2 + 1.8 * max(len(data.params) + len(data.results), 1), 5))
    figure.suptitle(title)
    if not data.data:
        return figure
    if color_by is None:
        numeric = set(data.results) - set(data.categorical_maps)
        color_by = natural_sorted(numeric or data.results)[-1]
    keys = data.params + data.results
    values = np.array([data.data[key] for key in keys], dtype=float)  # (axes, trials)
    low, high = values.min(axis=1, keepdims=True), values.max(axis=1, keepdims=True)
    scaled = (values - low) / np.where(high > low, high - low, 1.0)
    colors = np.asarray(data.data[color_by], dtype=float)
    norm = plt.Normalize(colors.min(), colors.max() if colors.max() > colors.min() else colors.min() + 1)
    for trial in range(values.shape[1]):
        axis.plot(range(len(keys)), scaled[:, trial], color=cmap(norm(colors[trial])), alpha=0.8)
    axis.vlines(range(len(keys)), 0, 1, color="black", linewidth=0.8)  # a collection: `axis.lines` are the trials
    for index, key in enumerate(keys):
        if key in data.categorical_maps:
            span = max(high[index, 0] - low[index, 0], 1.0)
            for category, position in data.categorical_maps[key].items():
                axis.annotate(category, (index, (position - low[index, 0]) / span), xytext=(4, 0),
                              textcoords="offset points", va="center", fontsize=9)
        else:
            for end, value in ((0.0, low[index, 0]), (1.0, high[index, 0])):
                axis.annotate(f"{value:.4g}", (index, end), xytext=(4, 0), textcoords="offset points", va="center",
                              fontsize=9)
    axis.set_xticks(range(len(keys)), keys)
    axis.set_yticks([])
    axis.set_xlim(-0.2, len(keys) - 0.5)
    figure.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=cmap), ax=axis, label=color_by)
    return figure


def visualize_parallel_coordinates(search, color_by=None, title=None, ignore_keys=None, save_path=None, verbose=True):
    """Shows (save_path None) or saves `plot_parallel_coordinates(search, color_by, title, ignore_keys)`; see
    `show_figure` for the file formats.

    Example:
        >>> import os, tempfile
        >>> from kerasfe.search import Search
        >>> search = Search(lambda search_idx, x: x)
        >>> search.search_summary = [{"param": {"x": x, "search_idx": x}, "result": {"value": x}} for x in (1, 2)]
        >>> path = os.path.join(tempfile.mkdtemp(), "parallel.html")
        >>> visualize_parallel_coordinates(search, save_path=path, verbose=False); "<svg" in open(path).read()
        True
    """
    show_figure(plot_parallel_coordinates(search=search, color_by=color_by, title=title, ignore_keys=ignore_keys),
                save_path=save_path, verbose=verbose)
