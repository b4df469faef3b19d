"""Summary: the history of every value logged during a run, per mode and step, with plots; ValWithError and
average_summaries (FastEstimator's mean +- standard deviation of several runs)."""
import operator
import re
import statistics

from kerasfe.atomic_file import save_atomically


class ValWithError:
    """A value with an error bar, `(y_min, y, y_max)`: what `average_summaries` records for values that differ
    between runs. It compares and does arithmetic as its middle value `y`, and prints as the tuple.

    Args:
        y_min: the lower end of the bar.
        y: the value.
        y_max: the upper end of the bar.

    Example:
        >>> value = ValWithError(0.5, 1.0, 1.5)
        >>> str(value), value[2], value.as_tuple(), value < 2, value + 1, 3 - value
        ('(0.5, 1.0, 1.5)', 1.5, (0.5, 1.0, 1.5), True, 2.0, 2.0)
    """
    __slots__ = ("y_min", "y", "y_max")

    def __init__(self, y_min, y, y_max):
        self.y_min, self.y, self.y_max = y_min, y, y_max

    def __getitem__(self, index):
        return self.as_tuple()[index]

    def as_tuple(self):
        """(y_min, y, y_max)."""
        return self.y_min, self.y, self.y_max

    def __getstate__(self):
        return {"y_min": self.y_min, "y": self.y, "y_max": self.y_max}

    def __setstate__(self, state):
        self.y_min, self.y, self.y_max = state["y_min"], state["y"], state["y_max"]

    def __str__(self):
        return f"({self.y_min}, {self.y}, {self.y_max})"

    __repr__ = __str__

    def __hash__(self):
        return hash(self.y)

    def __float__(self):
        return float(self.y)

    def __abs__(self):
        return abs(self.y)


def _middle(value):
    return value.y if isinstance(value, ValWithError) else value


def _on_middle(function, reflected=False):
    def method(self, other):
        return function(_middle(other), self.y) if reflected else function(self.y, _middle(other))
    return method


for _name in ("lt", "le", "gt", "ge", "eq", "ne", "add", "sub", "mul", "truediv"):
    setattr(ValWithError, f"__{_name}__", _on_middle(getattr(operator, _name)))
    if _name in ("add", "sub", "mul", "truediv"):
        setattr(ValWithError, f"__r{_name}__", _on_middle(getattr(operator, _name), reflected=True))
del _name


class Summary:
    """Every logged value of a run: `history[mode][key][global_step] = value`.

    `history[mode]["epoch"]` maps the step of each epoch end to its epoch, so per-epoch values can be
    read back with `epoch_values`.

    Args:
        name: the experiment's name (used as the plot title).
        system_config: a description of the run's configuration (FastEstimator's parameter; kept as given).

    Example:
        >>> summary = Summary("exp1")
        >>> summary.record("train", step=10, logs={"ce": 0.9}, epoch=1)
        >>> summary.record("train", step=20, logs={"ce": 0.5}, epoch=2)
        >>> summary.history["train"]["ce"], summary.epoch_values("train", "ce")
        ({10: 0.9, 20: 0.5}, [0.9, 0.5])
    """

    def __init__(self, name=None, system_config=None):
        self.name = name
        self.system_config = system_config
        self.history = {}

    def merge(self, other):
        """Adds every value of the Summary `other` to this one (its values win where both have a step).

        Example:
            >>> first, second = Summary("a"), Summary("b")
            >>> first.record("train", 1, {"ce": 2.0}); second.record("train", 2, {"ce": 1.0})
            >>> first.merge(second); first.history
            {'train': {'ce': {1: 2.0, 2: 1.0}}}
        """
        for mode, keys in other.history.items():
            for key, values in keys.items():
                self.history.setdefault(mode, {}).setdefault(key, {}).update(values)

    def record(self, mode, step, logs, epoch=None):
        """Records `logs` (key -> value) of `mode` at `step`; `epoch` marks the step as that epoch's end."""
        mode_history = self.history.setdefault(mode, {})
        for key, value in logs.items():
            mode_history.setdefault(key, {})[step] = value
        if epoch is not None:
            mode_history.setdefault("epoch", {})[step] = epoch

    def epoch_values(self, mode, key):
        """The values of `key` logged at the end of each epoch of `mode`, in order."""
        mode_history = self.history.get(mode, {})
        values = mode_history.get(key, {})
        return [values[step] for step in sorted(mode_history.get("epoch", {})) if step in values]

    def plot(self, keys=None, save_path=None):
        """Plots each scalar key against the step, one panel per key, one line per mode.

        Args:
            keys: the keys to plot (default: every scalar key but "epoch").
            save_path: where to save the figure (any matplotlib format); None only returns it.

        Returns:
            The matplotlib Figure.
        """
        import matplotlib.pyplot as plt
        import numpy as np
        if keys is None:
            keys = sorted({key for mode_history in self.history.values() for key, values in mode_history.items()
                           if key != "epoch" and all(np.ndim(v) == 0 for v in values.values())})
        figure, axes = plt.subplots(len(keys), 1, figsize=(6, 2.5 * max(len(keys), 1)), squeeze=False)
        for axis, key in zip(axes[:, 0], keys):
            for mode, mode_history in self.history.items():
                if key in mode_history:
                    steps = sorted(mode_history[key])
                    axis.plot(steps, [float(mode_history[key][step]) for step in steps], marker=".", label=mode)
            axis.set_ylabel(key)
            axis.legend()
        axes[-1, 0].set_xlabel("step")
        if self.name:
            figure.suptitle(self.name)
        figure.tight_layout()
        if save_path is not None:
            save_atomically(figure.savefig, save_path)
        return figure


def average_summaries(name, summaries):
    """One Summary holding, for every mode, key and step of `summaries`, the mean of their values: a
    `ValWithError(mean - std, mean, mean + std)` where the values differ (std: the sample standard deviation),
    the value itself where they agree or only one run has it. Strings count by the one number they hold;
    "epoch" is not averaged. Test values (runs may stop at different steps) are pooled at the latest test step.

    Args:
        name: the name of the new Summary.
        summaries: the Summaries to average (one alone is renamed and returned).

    Example:
        >>> runs = [Summary("a"), Summary("b")]
        >>> runs[0].record("train", 1, {"ce": 1.0}); runs[1].record("train", 1, {"ce": 3.0, "lr": "0.1"})
        >>> runs[0].record("test", 5, {"acc": 0.5}); runs[1].record("test", 7, {"acc": 0.5})
        >>> average_summaries("ab", runs).history
        {'train': {'ce': {1: (0.5857864376269049, 2.0, 3.414213562373095)}, 'lr': {1: 0.1}}, 'test': {'acc': {7: 0.5}}}
    """
    if len(summaries) == 1:
        summaries[0].name = name
        return summaries[0]
    consolidated = Summary(name)
    modes = list(dict.fromkeys(mode for summary in summaries for mode in summary.history))
    for mode in modes:
        keys = list(dict.fromkeys(key for summary in summaries for key in summary.history.get(mode, {})))
        for key in keys:
            if key == "epoch":
                continue
            by_step = {}
            for summary in summaries:
                for step, value in summary.history.get(mode, {}).get(key, {}).items():
                    number = _as_number(value)
                    if number is not None:
                        by_step.setdefault(step, []).append(number)
            if mode == "test" and by_step:  # pooled at the latest step
                by_step = {max(by_step): [value for values in by_step.values() for value in values]}
            for step in sorted(by_step):
                consolidated.history.setdefault(mode, {}).setdefault(key, {})[step] = _reduce(by_step[step])
    return consolidated


def _as_number(value):
    """A float for numbers, ValWithErrors (their middle) and strings holding exactly one number; else None."""
    if isinstance(value, str):
        numbers = re.findall(r"(\d+\.\d+|\.?\d+)", value)
        return float(numbers[0]) if len(numbers) == 1 else None
    if isinstance(value, bool):
        return None
    try:
        return float(_middle(value))
    except (TypeError, ValueError):
        return None


def _reduce(values):
    if len(values) == 1 or values.count(values[0]) == len(values):
        return values[0]
    mean, std = statistics.mean(values), statistics.stdev(values)
    return ValWithError(mean - std, mean, mean + std)
