"""Search: the base of the hyper-parameter searches. It runs the evaluation function, keeps every trial's parameters
and results, saves them as JSON after each trial, and resumes an interrupted search from that file."""
import inspect
import json
import os

import numpy as np

from kerasfe.atomic_file import atomic_open, make_folder
from kerasfe.errors import ConfigError, DataError, WrongTypeError

BEST_MODES = ("max", "min")


class Search:
    """The base class of the searches: evaluation, the search summary, saving and resuming.

    Each trial calls `eval_fn(search_idx=..., **params)` (`search_idx` counts trials from 1, handy for naming files)
    and keeps `{"param": {**params, "search_idx": i}, "result": {...}}` (a result that is not a dict becomes
    `{"value": result}`). Parameters already evaluated are not evaluated again. `fit(save_dir)` writes
    `<save_dir>/<name>.json` after every trial and, if that file is there, first reads it, so a search that was
    interrupted (a crash, a killed job) continues without running its finished trials again.

    Subclasses implement `_fit()`, calling `evaluate(**params)` for each trial.

    Args:
        eval_fn: the function to evaluate; it takes `search_idx` and the searched parameters as keyword arguments and
            returns a dict of results (or one value).
        name: the search's name, also the name of its JSON file.

    Example:
        >>> class Fixed(Search):
        ...     def _fit(self):
        ...         for x in (1, 2, 1):
        ...             self.evaluate(x=x)
        >>> search = Fixed(eval_fn=lambda search_idx, x: {"square": x * x})
        >>> search.fit()
        FastEstimator-Search: Evaluated {'x': 1, 'search_idx': 1}, result: {'square': 1}
        FastEstimator-Search: Evaluated {'x': 2, 'search_idx': 2}, result: {'square': 4}
        >>> [trial["param"] for trial in search.get_search_summary()]
        [{'x': 1, 'search_idx': 1}, {'x': 2, 'search_idx': 2}]
        >>> search.get_best_results(best_mode="max")
        {'param': {'x': 2, 'search_idx': 2}, 'result': {'square': 4}}
    """

    def __init__(self, eval_fn, name="search"):
        if not callable(eval_fn):
            raise WrongTypeError(f"{type(self).__name__}: eval_fn must be a function; got {type(eval_fn).__name__}")
        if "search_idx" not in inspect.signature(eval_fn).parameters:
            raise ConfigError(f"{type(self).__name__}: eval_fn must take a 'search_idx' argument (the trial's number, "
                              f"from 1); its arguments are {list(inspect.signature(eval_fn).parameters)}")
        self.eval_fn = eval_fn
        self.name = name
        self.save_dir = None
        self.best_mode = None
        self.optimize_field = None
        self._initialize_state()

    def _initialize_state(self):
        self.search_idx = 0
        self.search_summary = []
        self.evaluation_cache = {}

    def process_results(self, result):
        """`result` as a dict of JSON values: numpy arrays become lists, numpy scalars numbers, and a value that
        is not a dict becomes `{"value": result}`.

        Example:
            >>> Search(lambda search_idx: 0).process_results({"a": np.arange(2), "b": np.float32(0.5)})
            {'a': [0, 1], 'b': 0.5}
        """
        if not isinstance(result, dict):
            return {"value": _to_json_value(result)}
        return {key: self.process_results(value) if isinstance(value, dict) else _to_json_value(value)
                for key, value in result.items()}

    def evaluate(self, **kwargs):
        """The results of `eval_fn` for the parameters `kwargs` (from the cache when they were evaluated before);
        a new trial is added to the summary and, under `fit(save_dir)`, saved at once.

        Example:
            >>> search = Search(lambda search_idx, x: x + 1)
            >>> search.evaluate(x=1)
            FastEstimator-Search: Evaluated {'x': 1, 'search_idx': 1}, result: {'value': 2}
            {'value': 2}
            >>> search.evaluate(x=1), search.search_idx
            ({'value': 2}, 1)
        """
        key = _cache_key(kwargs)
        if key in self.evaluation_cache:
            return self.evaluation_cache[key]
        self.search_idx += 1
        kwargs["search_idx"] = self.search_idx
        result = self.process_results(self.eval_fn(**kwargs))
        self.search_summary.append({"param": kwargs, "result": result})
        self.evaluation_cache[key] = result
        if self.save_dir is not None:
            self.save(self.save_dir)
        print(f"FastEstimator-Search: Evaluated {kwargs}, result: {result}")
        return result

    def _infer_optimize_field(self, result):
        if len(result) != 1:
            raise ConfigError(f"{type(self).__name__}({self.name}): the results have several keys {sorted(result)}, "
                              "so which one to optimize is ambiguous; fix: pass optimize_field=<one of them>")
        return next(iter(result))

    def get_best_results(self, best_mode=None, optimize_field=None):
        """The trial (`{"param": ..., "result": ...}`) with the highest (`best_mode="max"`) or lowest ("min")
        `result[optimize_field]` (None: the search's own settings; the one result key if there is only one)."""
        best_mode = best_mode or self.best_mode
        if best_mode not in BEST_MODES:
            raise ConfigError(f"{type(self).__name__}({self.name}): best_mode must be 'max' or 'min'; got {best_mode!r}")
        if not self.search_summary:
            raise DataError(f"{type(self).__name__}({self.name}): no trial has run yet, so there is no best result; "
                            "call fit() first")
        optimize_field = optimize_field or self.optimize_field or \
            self._infer_optimize_field(self.search_summary[0]["result"])
        missing = [trial["param"] for trial in self.search_summary if optimize_field not in trial["result"]]
        if missing:
            raise ConfigError(f"{type(self).__name__}({self.name}): optimize_field '{optimize_field}' is not among the "
                              f"results {sorted(self.search_summary[0]['result'])} of the trial(s) {missing}")
        choose = max if best_mode == "max" else min
        return choose(self.search_summary, key=lambda trial: trial["result"][optimize_field])

    def _get_state(self):
        state = {"search_summary": self.search_summary}
        for field in ("name", "best_mode", "optimize_field"):
            if getattr(self, field):
                state[field] = getattr(self, field)
        return state

    def get_search_summary(self):
        """Every trial so far, in order: a list of `{"param": {..., "search_idx": i}, "result": {...}}`."""
        return self.search_summary.copy()

    def save(self, save_dir):
        """Writes the search state to `<save_dir>/<name>.json` (atomically: a crash leaves the old file whole)."""
        file_path = os.path.join(save_dir, f"{self.name}.json")
        with atomic_open(file_path, "w") as file:
            json.dump(self._get_state(), file, indent=4)

    def load(self, load_dir, not_exist_ok=False):
        """Reads the search state from `<load_dir>/<name>.json`: its trials count as evaluated.

        Args:
            load_dir: the folder of the JSON file.
            not_exist_ok: whether a missing file is fine (an empty search) rather than an error.
        """
        self._initialize_state()
        file_path = os.path.join(os.path.abspath(load_dir), f"{self.name}.json")
        if not os.path.exists(file_path):
            if not_exist_ok:
                return
            raise ConfigError(f"{type(self).__name__}({self.name}): no saved search at {file_path}; fix: pass the "
                              "folder given to fit(save_dir=...), and the same name")
        with open(file_path) as file:
            state = json.load(file)
        self.search_summary = state["search_summary"]
        for trial in self.search_summary:
            params = dict(trial["param"])
            self.search_idx = max(self.search_idx, params.pop("search_idx"))
            self.evaluation_cache[_cache_key(params)] = trial["result"]

    def fit(self, save_dir=None):
        """Runs the search. With `save_dir`, the state is saved there after every trial and, when a saved state
        is there already, the search resumes from it (the trials it holds are not run again)."""
        if save_dir is None:
            self._initialize_state()
        else:
            self.save_dir = save_dir
            make_folder(save_dir, owner=f"{type(self).__name__}({self.name})", argument="save_dir")
            self.load(save_dir, not_exist_ok=True)
        self._fit()

    def _fit(self):
        raise NotImplementedError(f"{type(self).__name__} must implement _fit(), calling self.evaluate(**params)")


def _cache_key(params):
    """One string per parameter set, the same in every Python session (lists and tuples alike)."""
    return json.dumps({key: _to_json_value(value) for key, value in params.items()}, sort_keys=True, default=repr)


def _to_json_value(value):
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, tuple):
        return [_to_json_value(item) for item in value]
    return value
