"""GoldenSection: the golden-section search for the best value of one parameter of a unimodal function."""
import inspect
import math

from kerasfe.errors import ConfigError, WrongTypeError
from kerasfe.search.search import BEST_MODES, Search

INV_PHI = (math.sqrt(5) - 1) / 2  # 1 / golden ratio
INV_PHI2 = (3 - math.sqrt(5)) / 2  # 1 / golden ratio ** 2


class GoldenSection(Search):
    """The golden-section search (https://en.wikipedia.org/wiki/Golden-section_search) over one parameter.

    It brackets the best value of a unimodal function in [x_min, x_max]: two evaluations to start, then one per
    iteration, each shrinking the bracket by 1 / golden ratio (0.618), so after `max_iter` iterations it is
    0.618 ** max_iter * (x_max - x_min) wide.

    Args:
        eval_fn: takes `search_idx` and one other argument, the searched parameter; returns a dict of results (or one
            value).
        x_min: lower end of the range (inclusive).
        x_max: upper end of the range (inclusive).
        max_iter: the number of iterations (> 0) after the first two evaluations.
        best_mode: "max" or "min".
        optimize_field: the result key to optimize (None: the only one).
        integer: whether the parameter takes integer values (then x_min and x_max must be ints).
        name: the search's name, also the name of its JSON file under `fit(save_dir)`.

    Example:
        >>> search = GoldenSection(eval_fn=lambda search_idx, n: (n - 3) ** 2, x_min=0, x_max=6, max_iter=10,
        ...                        best_mode="min")
        >>> search.fit()  # doctest: +ELLIPSIS
        FastEstimator-Search: Evaluated {'n': 2, 'search_idx': 1}, result: {'value': 1}
        ...
        >>> search.get_best_results()
        {'param': {'n': 3, 'search_idx': 2}, 'result': {'value': 0}}
    """

    def __init__(self, eval_fn, x_min, x_max, max_iter, best_mode, optimize_field=None, integer=True,
                 name="golden_section_search"):
        super().__init__(eval_fn=eval_fn, name=name)
        owner = f"GoldenSection({name})"
        if best_mode not in BEST_MODES:
            raise ConfigError(f"{owner}: best_mode must be 'max' or 'min'; got {best_mode!r}")
        if integer and not (isinstance(x_min, int) and isinstance(x_max, int)):
            raise WrongTypeError(f"{owner}: x_min and x_max must be ints when integer=True; got {x_min!r}, {x_max!r} "
                                 "(fix: pass ints, or integer=False)")
        if not x_min < x_max:
            raise ConfigError(f"{owner}: x_min must be smaller than x_max; got {x_min} and {x_max}")
        if not isinstance(max_iter, int) or max_iter < 1:
            raise ConfigError(f"{owner}: max_iter must be an int > 0; got {max_iter!r}")
        arguments = set(inspect.signature(eval_fn).parameters) - {"search_idx"}
        if len(arguments) != 1:
            raise ConfigError(f"{owner}: eval_fn must take exactly one argument besides 'search_idx' (the searched "
                              f"parameter); it takes {sorted(arguments)}")
        self.x_min, self.x_max, self.max_iter = x_min, x_max, max_iter
        self.best_mode, self.optimize_field, self.integer = best_mode, optimize_field, integer
        self.arg_name = arguments.pop()

    def _convert(self, x):
        return int(x) if self.integer else x

    def _is_better(self, a, b):
        return a > b if self.best_mode == "max" else a < b

    def _value(self, x):
        result = self.evaluate(**{self.arg_name: x})
        return result[self.optimize_field or self._infer_optimize_field(result)]

    def _fit(self):
        a, h = self.x_min, self.x_max - self.x_min
        c, d = self._convert(a + INV_PHI2 * h), self._convert(a + INV_PHI * h)
        yc, yd = self._value(c), self._value(d)
        for _ in range(self.max_iter):
            h = INV_PHI * h
            if self._is_better(yc, yd):
                d, yd = c, yc
                c = self._convert(a + INV_PHI2 * h)
                yc = self._value(c)
            else:
                a, c, yc = c, d, yd
                d = self._convert(a + INV_PHI * h)
                yd = self._value(d)
        best = self.get_best_results()
        print(f"FastEstimator-Search: Golden Section Search Finished, best parameters: {best['param']}, best result: "
              f"{best['result']}")
