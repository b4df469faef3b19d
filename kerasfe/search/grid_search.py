"""GridSearch: every combination of the given parameter values."""
import inspect
import itertools

from kerasfe.errors import ConfigError, WrongTypeError
from kerasfe.search.search import BEST_MODES, Search


class GridSearch(Search):
    """Evaluates `eval_fn` on every combination of the values in `params` (the Cartesian product, in order).

    Args:
        eval_fn: takes `search_idx` and one keyword argument per key of `params`; returns a dict of results (or one
            value, kept as `{"value": ...}`).
        params: {argument name: list of values}.
        best_mode: "max" or "min": which result is best (may also be given to `get_best_results`).
        optimize_field: the result key to optimize (None: the only one).
        name: the search's name, also the name of its JSON file under `fit(save_dir)`.

    Example:
        >>> search = GridSearch(eval_fn=lambda search_idx, a, b: a + b, params={"a": [1, 2], "b": [4, 5]},
        ...                     best_mode="max")
        >>> search.fit()  # doctest: +ELLIPSIS
        FastEstimator-Search: Evaluated {'a': 1, 'b': 4, 'search_idx': 1}, result: {'value': 5}
        ...
        >>> search.get_best_results()
        {'param': {'a': 2, 'b': 5, 'search_idx': 4}, 'result': {'value': 7}}
    """

    def __init__(self, eval_fn, params, best_mode=None, optimize_field=None, name="grid_search"):
        super().__init__(eval_fn=eval_fn, name=name)
        if not isinstance(params, dict):
            raise WrongTypeError(f"GridSearch({name}): params must be a dict {{argument: list of values}}; got "
                                 f"{type(params).__name__}")
        arguments = set(inspect.signature(eval_fn).parameters)
        unused = sorted(set(params) - arguments)
        if unused:
            raise ConfigError(f"GridSearch({name}): params {unused} are not arguments of eval_fn, whose arguments are "
                              f"{sorted(arguments)}")
        if best_mode is not None and best_mode not in BEST_MODES:
            raise ConfigError(f"GridSearch({name}): best_mode must be None, 'max' or 'min'; got {best_mode!r}")
        for key, values in params.items():
            if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
                raise WrongTypeError(f"GridSearch({name}): params['{key}'] must be a list of values; got {values!r}")
        self.params = {key: list(values) for key, values in params.items()}
        self.best_mode = best_mode
        self.optimize_field = optimize_field

    def _fit(self):
        for values in itertools.product(*self.params.values()):
            self.evaluate(**dict(zip(self.params, values)))
