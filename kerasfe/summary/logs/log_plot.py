"""Plot Summaries side by side with matplotlib (FastEstimator's `fe.summary.logs.log_plot`, drawn with matplotlib
rather than plotly): one panel per key, a colour per experiment, a line style per mode, error bands for
`ValWithError` values."""
import os
import re

import numpy as np

from kerasfe.atomic_file import save_atomically
from kerasfe.summary.summary import ValWithError

LINE_STYLES = {"train": "-", "eval": "--", "test": ":", "infer": "-."}
MODE_ORDER = ("train", "eval", "test", "infer")


def prettify_metric_name(metric):
    """Spaces before capitals and for "_", each word capitalized (FastEstimator's panel titles).

    Example:
        >>> prettify_metric_name("myUgly_loss")
        'My Ugly Loss'
    """
    return " ".join(word.capitalize() for word in re.sub(r"(?<=[a-z])(?=[A-Z])", " ", metric).replace("_", " ").split())


def plot_logs(experiments, smooth_factor=0, ignore_metrics=None, pretty_names=False, include_metrics=None):
    """Draws the scalar keys of `experiments` (Summaries), one panel per key (3 columns, 5 x 3.5 inches each):
    a curve per experiment (colour) and mode (line style) against the step; a band from y_min to y_max for
    `ValWithError` values; a key `name|ds_id` joins the panel of `name`. "epoch" is not plotted.

    Args:
        experiments: a Summary or a list of them.
        smooth_factor: the sigma (in points) of a gaussian smoothing of each curve (0: none).
        ignore_metrics: keys not to plot.
        pretty_names: title the panels "My Loss" rather than "my_loss".
        include_metrics: plot only these keys (None: every key).

    Returns:
        The matplotlib Figure (pyplot's; with no visible panel when nothing is left to plot).

    Example:
        >>> from kerasfe.summary import Summary
        >>> run = Summary("run")
        >>> run.record("train", 1, {"ce": 2.0, "lr": 0.1}); run.record("eval", 1, {"ce": 2.5})
        >>> figure = plot_logs([run], ignore_metrics={"lr"})
        >>> [(axis.get_title(), [line.get_label() for line in axis.get_lines()]) for axis in figure.axes]
        [('ce', ['train', 'eval'])]
        >>> import matplotlib.pyplot as plt; plt.close(figure)
    """
    import matplotlib.pyplot as plt

    experiments = sorted(experiments if isinstance(experiments, (list, tuple)) else [experiments],
                         key=lambda experiment: str(experiment.name))
    ignore = set([ignore_metrics] if isinstance(ignore_metrics, str) else ignore_metrics or ()) | {"epoch", "step"}
    include = set([include_metrics] if isinstance(include_metrics, str) else include_metrics or ())
    panels = {}  # {base key: [(experiment index, name, mode, ds_id, {step: value})]}
    for index, experiment in enumerate(experiments):
        modes = sorted(experiment.history, key=lambda mode: MODE_ORDER.index(mode) if mode in MODE_ORDER else 9)
        for mode in modes:
            for key, values in experiment.history[mode].items():
                base, _, ds_id = key.partition("|")
                if key in ignore or base in ignore or (include and key not in include) or not values:
                    continue
                if all(_is_scalar(value) for value in values.values()):
                    panels.setdefault(base, []).append((index, experiment.name, mode, ds_id, values))
    columns = min(3, len(panels)) or 1
    rows = -(-len(panels) // columns) or 1
    figure, axes = plt.subplots(rows, columns, figsize=(5 * columns, 3.5 * rows), squeeze=False)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for axis, base in zip(axes.flat, sorted(panels)):
        for index, name, mode, ds_id, values in panels[base]:
            steps = sorted(values)
            points = [values[step] for step in steps]
            middle = _smooth([float(_middle(point)) for point in points], smooth_factor)
            label = " ".join(part for part in (str(name) if len(experiments) > 1 else "", mode, ds_id) if part)
            colour = colours[index % len(colours)]
            axis.plot(steps, middle, LINE_STYLES.get(mode, "-"), color=colour, label=label,
                      marker="o" if len(steps) == 1 else None)
            if any(isinstance(point, ValWithError) for point in points):
                low = _smooth([float(getattr(point, "y_min", point)) for point in points], smooth_factor)
                high = _smooth([float(getattr(point, "y_max", point)) for point in points], smooth_factor)
                axis.fill_between(steps, low, high, color=colour, alpha=0.25)
        axis.set_title(prettify_metric_name(base) if pretty_names else base)
        axis.set_xlabel("step")
        axis.legend(fontsize="small")
    for axis in list(axes.flat)[len(panels):]:
        axis.set_visible(False)
    if panels:
        figure.tight_layout()
    return figure


def visualize_logs(experiments, save_path=None, smooth_factor=0, pretty_names=False, ignore_metrics=None,
                   include_metrics=None, verbose=True):
    """Plots `experiments` (`plot_logs`) and saves the figure to `save_path` (any matplotlib format, by its
    extension; a folder gets `parse_logs.png`), or shows it when `save_path` is None.

    Args:
        experiments: a Summary or a list of them.
        save_path: where to save the figure; None shows it (`matplotlib.pyplot.show`).
        smooth_factor, pretty_names, ignore_metrics, include_metrics: as `plot_logs` takes them.
        verbose: print where the figure was saved.

    Returns:
        The keys plotted (panel titles), in panel order.

    Raises:
        ValueError: nothing is left to plot.

    Example:
        >>> import pathlib, tempfile
        >>> from kerasfe.summary import Summary
        >>> run = Summary("run"); run.record("train", 1, {"ce": 2.0}); run.record("train", 2, {"ce": 1.0})
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> visualize_logs([run], save_path=folder, verbose=False), (folder / "parse_logs.png").is_file()
        (['ce'], True)
    """
    import matplotlib.pyplot as plt
    figure = plot_logs(experiments, smooth_factor=smooth_factor, ignore_metrics=ignore_metrics,
                       pretty_names=pretty_names, include_metrics=include_metrics)
    keys = [axis.get_title() for axis in figure.axes if axis.get_visible()]
    if not keys:
        plt.close(figure)
        names = [getattr(experiment, "name", None) for experiment in
                 (experiments if isinstance(experiments, (list, tuple)) else [experiments])]
        raise ValueError(f"visualize_logs: nothing to plot from {names} (include_metrics={include_metrics}, "
                         f"ignore_metrics={ignore_metrics}); fix: include keys the logs have")
    if save_path is None:
        plt.show()
        return keys
    save_path = str(save_path)
    if os.path.isdir(save_path):
        save_path = os.path.join(save_path, "parse_logs.png")
    save_atomically(figure.savefig, save_path)
    plt.close(figure)
    if verbose:
        print(f"Saved logs plot to {save_path}")
    return keys


def _is_scalar(value):
    if isinstance(value, ValWithError):
        return True
    if isinstance(value, (str, bytes, bool)) or np.ndim(value) != 0:
        return False
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _middle(value):
    return value.y if isinstance(value, ValWithError) else value


def _smooth(values, sigma):
    if not sigma or len(values) < 2:
        return values
    from scipy.ndimage import gaussian_filter1d
    return list(gaussian_filter1d(np.asarray(values, dtype=float), sigma=sigma, mode="nearest"))
