"""visualize_search: the plot that fits the search (Cartesian, heatmap, or parallel coordinates)."""
from kerasfe.search.visualize.cartesian import cartesian_supports_data, visualize_cartesian
from kerasfe.search.visualize.heatmap import heatmap_supports_data, visualize_heatmap
from kerasfe.search.visualize.parallel_coordinate_plot import visualize_parallel_coordinates
from kerasfe.search.visualize.vis_util import SearchData, as_search


def visualize_search(search, title=None, ignore_keys=None, save_path=None, verbose=True, **kwargs):
    """Shows or saves the plot that fits the search: Cartesian plots for one numeric parameter, heatmaps for two
    parameters, else parallel coordinates.

    Args:
        search: a `Search`, or the path of its JSON file.
        title: the figure title (None: the search's name).
        ignore_keys: parameter / result keys to leave out.
        save_path: where to save the figure (None: show it); see `show_figure` for the file formats.
        verbose: whether to print where it is saved.
        **kwargs: `groups` for Cartesian plots, `color_by` for parallel coordinates.

    Example:
        >>> import os, tempfile
        >>> from kerasfe.search import Search
        >>> search = Search(lambda search_idx, x: x)
        >>> search.search_summary = [{"param": {"x": x, "search_idx": x}, "result": {"value": x}} for x in (1, 2)]
        >>> path = os.path.join(tempfile.mkdtemp(), "search.png")
        >>> visualize_search(search, save_path=path, verbose=False); os.path.exists(path)
        True
    """
    search = as_search(search)
    data = SearchData(search, ignore_keys=ignore_keys)
    if cartesian_supports_data(data, throw_on_invalid=False):
        visualize_cartesian(search=search, title=title, ignore_keys=ignore_keys, save_path=save_path, verbose=verbose,
                            groups=kwargs.get("groups"))
    elif heatmap_supports_data(data, throw_on_invalid=False):
        visualize_heatmap(search=search, title=title, ignore_keys=ignore_keys, save_path=save_path, verbose=verbose)
    else:
        visualize_parallel_coordinates(search=search, title=title, ignore_keys=ignore_keys, save_path=save_path,
                                       verbose=verbose, color_by=kwargs.get("color_by"))
