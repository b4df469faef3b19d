"""Monitor: tracks the best value of a logged key and how many epochs ago it was reached."""
import math

from kerasfe.errors import ConfigError
from kerasfe.restorable import Restorable


class Monitor(Restorable):
    """The best value of a key so far, compared by "min" or "max" with a `min_delta` margin.

    Args:
        owner: the Trace using it (for messages).
        key: the key watched.
        compare: "min" (lower is better) or "max".
        min_delta: how much better a value must be to count as an improvement.
        baseline: a value to beat before anything counts as an improvement.

    Example:
        >>> monitor = Monitor("EarlyStopping", "ce", "min")
        >>> [monitor.update(value) for value in (0.5, 0.4, 0.45)], monitor.best, monitor.since_best
        ([True, True, False], 0.4, 1)
    """

    state_exclude = ("key", "compare", "min_delta")

    def __init__(self, owner, key, compare="min", min_delta=0.0, baseline=None):
        if compare not in ("min", "max"):
            raise ConfigError(f"{owner}: compare / save_best_mode for '{key}' must be 'min' or 'max'; got {compare!r}")
        self.key, self.compare, self.min_delta = key, compare, abs(min_delta)
        self.best = (math.inf if compare == "min" else -math.inf) if baseline is None else baseline
        self.since_best = 0

    def update(self, value):
        """Records an epoch's value; returns whether it improved on the best."""
        value = float(value)
        better = value < self.best - self.min_delta if self.compare == "min" else value > self.best + self.min_delta
        if better:
            self.best, self.since_best = value, 0
        else:
            self.since_best += 1
        return better
