"""Cartesian plots of a search: each result against the one searched parameter."""
import math

from kerasfe.errors import ConfigError
from kerasfe.search.visualize.vis_util import SearchData, as_search, natural_sorted, show_figure


def cartesian_supports_data(data, throw_on_invalid=True):
    """Whether `data` (a `SearchData`) can be drawn as Cartesian plots: exactly one parameter, one or more results,
    all numeric. With `throw_on_invalid`, a ConfigError says why not."""
    if len(data.params) != 1:
        problem = f"Cartesian plots need exactly 1 parameter, but the search has {len(data.params)}: {data.params}"
    elif not data.results:
        problem = "Cartesian plots need at least 1 result, but there are none"
    elif data.categorical_maps:
        problem = f"Cartesian plots need numeric values, but these are categorical: {sorted(data.categorical_maps)}"
    else:
        return True
    if throw_on_invalid:
        raise ConfigError(f"plot_cartesian: {problem}; fix: ignore_keys=... the extra keys, or use plot_heatmap / "
                          "plot_parallel_coordinates")
    return False


def plot_cartesian(search, title=None, ignore_keys=None, groups=None):
    """Draws each result against the searched parameter (lines and markers; markers only when an ignored parameter
    varied, so several trials may share an x), one subplot per group of results, sharing the x axis.

    Args:
        search: a `Search`, or the path of its JSON file.
        title: the figure title (None: the search's name).
        ignore_keys: parameter / result keys to leave out.
        groups: lists of result keys to draw on the same axes (results in no group get an axes each).

    Returns:
        The matplotlib Figure.

    Example:
        >>> from kerasfe.search import GridSearch
        >>> search = GridSearch(lambda search_idx, lr: {"loss": 1 / lr, "acc": lr}, params={"lr": [1, 2, 4]})
        >>> search.fit()  # doctest: +ELLIPSIS
        FastEstimator-Search: ...
        >>> figure = plot_cartesian(search, groups=[["acc", "loss"]])
        >>> [line.get_ydata().tolist() for line in figure.axes[0].lines]
        [[1, 2, 4], [1.0, 0.5, 0.25]]
    """
    import matplotlib.pyplot as plt

    search = as_search(search)
    title = search.name if title is None else title
    data = SearchData(search=search, ignore_keys=ignore_keys)
    cartesian_supports_data(data)
    groups = [list(group) for group in groups or [[key] for key in data.results]]
    grouped = {key for group in groups for key in group}
    unknown = sorted(grouped - set(data.results))
    if unknown:
        raise ConfigError(f"plot_cartesian: groups name {unknown}, which are not among the results {data.results}")
    groups += [[key] for key in natural_sorted(set(data.results) - grouped)]
    n_rows = math.ceil(math.sqrt(len(groups)))
    n_cols = math.ceil(len(groups) / n_rows)
    figure, axes = plt.subplots(n_rows, n_cols, sharex=True, squeeze=False, figsize=(5 * n_cols, 3.5 * n_rows))
    figure.suptitle(title)
    colors = dict(zip(data.results, plt.get_cmap("tab10")(range(len(data.results)))))
    x_key = data.params[0]
    style = "o" if data.ignored_params else "o-"
    for index, axis in enumerate(axes.flat):
        if index >= len(groups):
            axis.remove()
            continue
        for y_key in groups[index]:
            axis.plot(data.data[x_key], data.data[y_key], style, color=colors[y_key], label=y_key)
        axis.set_xlabel(x_key)
        axis.set_ylabel(groups[index][0] if len(groups[index]) == 1 else "")
        if len(groups[index]) > 1:
            axis.legend()
        axis.tick_params(labelbottom=True)
    figure.tight_layout()
    return figure


def visualize_cartesian(search, title=None, ignore_keys=None, groups=None, save_path=None, verbose=True):
    """Shows (save_path None) or saves `plot_cartesian(search, title, ignore_keys, groups)`; see `show_figure` for
    the file formats.

    Example:
        >>> import os, tempfile
        >>> from kerasfe.search import Search
        >>> search = Search(lambda search_idx, x: x)
        >>> search.search_summary = [{"param": {"x": x, "search_idx": x}, "result": {"value": x}} for x in (1, 2)]
        >>> path = os.path.join(tempfile.mkdtemp(), "cartesian.png")
        >>> visualize_cartesian(search, save_path=path, verbose=False); os.path.exists(path)
        True
    """
    show_figure(plot_cartesian(search=search, title=title, ignore_keys=ignore_keys, groups=groups),
                save_path=save_path, verbose=verbose)
