"""Heatmaps of a search over two parameters: one per result."""
import math

import numpy as np

from kerasfe.errors import ConfigError
from kerasfe.search.visualize.vis_util import SearchData, as_search, natural_sorted, show_figure


def heatmap_supports_data(data, throw_on_invalid=True):
    """Whether `data` (a `SearchData`) can be drawn as heatmaps: exactly two parameters, numeric results, and no
    ignored parameter that varied. With `throw_on_invalid`, a ConfigError says why not."""
    categorical = [key for key in data.results if key in data.categorical_maps]
    if len(data.params) != 2:
        problem = f"heatmaps need exactly 2 parameters, but the search has {len(data.params)}: {data.params}"
    elif not data.results:
        problem = "heatmaps need at least 1 result, but there are none"
    elif categorical:
        problem = f"heatmaps need numeric results, but these are categorical: {categorical}"
    elif data.ignored_params:
        problem = "heatmaps cannot ignore a parameter that has more than one value (cells would hold several trials)"
    else:
        return True
    if throw_on_invalid:
        raise ConfigError(f"plot_heatmap: {problem}; fix: ignore_keys=... the extra keys, or use "
                          "plot_parallel_coordinates")
    return False


def plot_heatmap(search, title=None, ignore_keys=None):
    """Draws one heatmap per result over the two searched parameters (first parameter along x, second along y,
    each as categories in natural order; cells no trial filled are blank). The color scale is reversed for a
    `best_mode="min"` search, so the best cells look alike in every search.

    Args:
        search: a `Search`, or the path of its JSON file.
        title: the figure title (None: the search's name).
        ignore_keys: parameter / result keys to leave out.

    Returns:
        The matplotlib Figure; each heatmap's cell values are its image's array (rows: y categories).

    Example:
        >>> from kerasfe.search import GridSearch
        >>> search = GridSearch(lambda search_idx, a, b: a * b, params={"a": [1, 2], "b": [1, 10]})
        >>> search.fit()  # doctest: +ELLIPSIS
        FastEstimator-Search: ...
        >>> figure = plot_heatmap(search)
        >>> figure.axes[0].images[0].get_array().tolist()
        [[1.0, 2.0], [10.0, 20.0]]
    """
    import matplotlib.pyplot as plt

    search = as_search(search)
    title = search.name if title is None else title
    cmap = "viridis_r" if search.best_mode == "min" else "viridis"
    data = SearchData(search=search, ignore_keys=ignore_keys)
    heatmap_supports_data(data)
    x_key, y_key = data.params
    x = [data.to_category(x_key, value) for value in data.data[x_key]]
    y = [data.to_category(y_key, value) for value in data.data[y_key]]
    x_labels, y_labels = natural_sorted(set(x)), natural_sorted(set(y))
    n_cols = math.ceil(math.sqrt(len(data.results)))
    n_rows = math.ceil(len(data.results) / n_cols)
    figure, axes = plt.subplots(n_rows, n_cols, squeeze=False, figsize=(1 + 4.5 * n_cols, 4 * n_rows))
    figure.suptitle(title)
    for index, axis in enumerate(axes.flat):
        if index >= len(data.results):
            axis.remove()
            continue
        result = data.results[index]
        grid = np.full((len(y_labels), len(x_labels)), np.nan)
        for x_value, y_value, z in zip(x, y, data.data[result]):
            grid[y_labels.index(y_value), x_labels.index(x_value)] = z
        image = axis.imshow(np.ma.masked_invalid(grid), cmap=cmap, origin="lower", aspect="equal")
        figure.colorbar(image, ax=axis)
        axis.set_title(result)
        axis.set_xticks(range(len(x_labels)), x_labels)
        axis.set_yticks(range(len(y_labels)), y_labels)
        axis.set_xlabel(x_key)
        axis.set_ylabel(y_key)
    figure.tight_layout()
    return figure


def visualize_heatmap(search, title=None, ignore_keys=None, save_path=None, verbose=True):
    """Shows (save_path None) or saves `plot_heatmap(search, title, ignore_keys)`; see `show_figure` for the file
    formats.

    Example:
        >>> import os, tempfile
        >>> from kerasfe.search import Search
        >>> search = Search(lambda search_idx, a, b: a)
        >>> search.search_summary = [{"param": {"a": a, "b": b, "search_idx": 1}, "result": {"v": a + b}}
        ...                          for a in (1, 2) for b in (3, 4)]
        >>> path = os.path.join(tempfile.mkdtemp(), "heatmap.svg")
        >>> visualize_heatmap(search, save_path=path, verbose=False); os.path.exists(path)
        True
    """
    show_figure(plot_heatmap(search=search, title=title, ignore_keys=ignore_keys), save_path=save_path,
                verbose=verbose)
