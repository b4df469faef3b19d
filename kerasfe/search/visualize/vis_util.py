"""What the search plots share: the search results as plottable columns, loading a saved search, and saving or
showing a figure."""
import json
import os
import re
from collections import defaultdict

from kerasfe.atomic_file import atomic_open, make_folder, save_atomically
from kerasfe.errors import ConfigError, DataError
from kerasfe.search.search import Search


def natural_sorted(values, reverse=False):
    """`values` sorted as people read them: numbers inside strings by value, case aside ("lr2" before "lr10").

    Example:
        >>> natural_sorted(["lr10", "LR2", "lr1"])
        ['lr1', 'LR2', 'lr10']
    """
    def key(value):
        return [(0, int(part), "") if part.isdigit() else (1, 0, part.lower())
                for part in re.split(r"(\d+)", str(value)) if part]
    return sorted(values, key=key, reverse=reverse)


def load_search_file(path):
    """A `Search` holding the trials saved in the JSON file at `path` (what `Search.fit(save_dir)` writes).

    Example:
        >>> import tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "s.json")
        >>> _ = open(path, "w").write('{"search_summary": [{"param": {"x": 1, "search_idx": 1}, '
        ...                           '"result": {"value": 2}}], "name": "s"}')
        >>> search = load_search_file(path)
        >>> search.name, search.get_search_summary()[0]["result"]
        ('s', {'value': 2})
    """
    path = os.path.abspath(os.path.normpath(path))
    if not os.path.exists(path):
        raise ConfigError(f"search visualization: no file at {path}; fix: pass a Search or the path of the JSON file "
                          "that Search.fit(save_dir=...) wrote (<save_dir>/<name>.json)")
    with open(path) as file:
        state = json.load(file)
    search = Search(eval_fn=_saved_trials_only, name=state.get("name", "Search"))
    search.search_summary = state.get("search_summary", [])
    search.best_mode, search.optimize_field = state.get("best_mode"), state.get("optimize_field")
    return search


def _saved_trials_only(search_idx, **params):
    raise ConfigError(f"a Search loaded from its JSON file holds its saved trials only and cannot evaluate new ones "
                      f"(asked for trial {search_idx}: {params}); fix: make the search with its eval_fn and "
                      "fit(save_dir=...) to continue it")


class SearchData:
    """A search's trials as columns to plot: `params` and `results` (the keys, naturally sorted, without
    `search_idx`, the `ignore_keys` and parameters with only one value), `data` ({key: values, one per trial}), and
    `categorical_maps` ({key: {category: number}} for keys whose values are not all numbers).

    `ignored_params` tells whether an ignored parameter had more than one value (then trials may share the plotted
    parameters).

    Example:
        >>> search = Search(lambda search_idx, a, b: 0)
        >>> search.search_summary = [{"param": {"a": 1, "b": "x", "search_idx": 1}, "result": {"v": 1.5}},
        ...                          {"param": {"a": 2, "b": "y", "search_idx": 2}, "result": {"v": 0.5}}]
        >>> data = SearchData(search)
        >>> data.params, data.results, data.data["b"], data.categorical_maps
        (['a', 'b'], ['v'], [1, 0], {'b': {'y': 0, 'x': 1}})
    """

    def __init__(self, search, ignore_keys=None):
        self.params, self.results, self.data = [], [], defaultdict(list)
        self.categorical_maps, self.ignored_params = {}, False
        trials = search.get_search_summary()
        if not trials:
            return
        ignore = ({ignore_keys} if isinstance(ignore_keys, str) else set(ignore_keys or ())) | {"search_idx"}
        params = set(trials[0]["param"]) - ignore
        results = set(trials[0]["result"]) - ignore
        if not results:
            raise ConfigError(f"search visualization: no results left to plot after ignoring {sorted(ignore)}; the "
                              f"results are {sorted(trials[0]['result'])}")
        first = {}
        for trial in trials:
            for key, value in trial["param"].items():
                value = _parse_value(value)
                if key in ignore:
                    self.ignored_params |= key != "search_idx" and value != first.setdefault(key, value)
                    continue
                self._add(key, value, params, "parameter", trial)
                first.setdefault(key, value)
            for key, value in trial["result"].items():
                if key not in ignore:
                    self._add(key, _parse_value(value), results, "result", trial)
        for key in [key for key in params if len(set(map(repr, self.data[key]))) == 1]:
            params.discard(key)  # one value: nothing to see along it
            self.data.pop(key)
        for key, values in self.data.items():
            if not all(isinstance(value, (int, float)) and not isinstance(value, bool) for value in values):
                categories = natural_sorted({str(value) for value in values}, reverse=True)
                self.categorical_maps[key] = {category: i for i, category in enumerate(categories)}
                self.data[key] = [self.categorical_maps[key][str(value)] for value in values]
        self.params, self.results = natural_sorted(params), natural_sorted(results)
        self.inverse_maps = {key: {i: category for category, i in mapping.items()}
                             for key, mapping in self.categorical_maps.items()}

    def _add(self, key, value, expected, kind, trial):
        if key not in expected:
            raise DataError(f"search visualization: trial {trial['param'].get('search_idx')} has {kind} '{key}', which "
                            f"the first trial does not have ({sorted(expected)}); every trial needs the same keys")
        self.data[key].append(value)

    def to_category(self, key, val):
        """The label of value `val` of `key`: its category name, or the value as a string."""
        mapping = getattr(self, "inverse_maps", {}).get(key)
        if not mapping:
            return val if val is None else str(val)
        return mapping[val]


def _parse_value(value):
    if isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    if not isinstance(value, (int, float, str, type(None))):
        value = str(value)
    return value


def as_search(search):
    """`search` itself, or the search saved at that path."""
    return load_search_file(search) if isinstance(search, (str, os.PathLike)) else search


def show_figure(figure, save_path=None, verbose=True):
    """Shows the matplotlib `figure` (save_path None), or saves it: a path without extension gets ".png"; ".html"
    gives a page with the figure as inline SVG; other extensions are matplotlib's formats (png, pdf, svg, ...).

    Example:
        >>> import tempfile, matplotlib.pyplot as plt
        >>> figure = plt.figure()
        >>> path = os.path.join(tempfile.mkdtemp(), "plot")
        >>> show_figure(figure, save_path=path, verbose=False); os.listdir(os.path.dirname(path))
        ['plot.png']
    """
    import matplotlib.pyplot as plt

    if save_path is None:
        plt.show()
        return
    save_path = os.path.normpath(os.fspath(save_path))
    make_folder(os.path.dirname(save_path) or ".", owner="search visualization", argument="save_path")
    extension = os.path.splitext(save_path)[1].lower()
    if extension == "":
        save_path += ".png"
    if verbose:
        print(f"Saving to {save_path}")
    if extension == ".html":
        import io

        svg = io.StringIO()
        figure.savefig(svg, format="svg", bbox_inches="tight")
        with atomic_open(save_path, "w") as file:
            file.write(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{figure.get_label()}</title></head>"
                       f"<body>{svg.getvalue()}</body></html>")
    else:
        save_atomically(lambda path: figure.savefig(path, bbox_inches="tight"), save_path)
    plt.close(figure)
