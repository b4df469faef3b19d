import matplotlib
import matplotlib.image
import matplotlib.pyplot as plt
import numpy as np
import pytest
from scipy.ndimage import gaussian_filter1d

from kerasfe.summary import Summary, ValWithError
from kerasfe.summary.logs import parse_log_file, plot_logs, visualize_logs
from kerasfe.summary.logs.log_plot import prettify_metric_name
from tests.summary.logs.test_log_parse import write_runs

matplotlib.use("Agg")


def curves(figure):
    """{panel title: {curve label: (xs, ys)}} of the visible panels of a matplotlib figure."""
    return {panel.get_title(): {line.get_label(): (list(line.get_xdata()), list(line.get_ydata()))
                                for line in panel.get_lines()}
            for panel in figure.axes if panel.get_visible()}


def logged(runs, keys):
    """The curves the logs hold: {key: {"<run> <mode>": (steps, values)}}."""
    return {key: {f"{run.name} {mode}": tuple(map(list, zip(*sorted((step, float(value)) for step, value in
                                                                        values[key].items()))))
                  for run in runs for mode, values in run.history.items() if key in values}
            for key in keys}


def test_plot_compares_runs_with_include_and_ignore(tmp_path):
    write_runs(tmp_path)
    runs = [parse_log_file(tmp_path / "run_a.txt"), parse_log_file(tmp_path / "nested" / "run_b.txt")]
    every_key = ["accuracy", "ce", "epoch_time", "lr", "since_best", "steps/sec"]
    figure = plot_logs(runs)
    assert curves(figure) == logged(runs, every_key)  # epoch is no panel
    assert [round(v) for v in figure.get_size_inches() * figure.dpi] == [1500, 700]  # 3 x 2 panels of 5 x 3.5 in
    band = figure.axes[1].collections[0].get_paths()[0].vertices  # the test ce's error band spans y_min..y_max
    assert band[:, 1].min() == pytest.approx(0.1) and band[:, 1].max() == pytest.approx(0.12)
    plt.close(figure)
    keys = visualize_logs(runs, tmp_path / "some.png", include_metrics={"ce", "accuracy", "lr"},
                          ignore_metrics={"lr"}, pretty_names=True, verbose=False)
    assert keys == ["Accuracy", "Ce"]
    assert matplotlib.image.imread(tmp_path / "some.png").shape == (350, 1000, 4)
    with pytest.raises(ValueError, match="nothing to plot"):
        visualize_logs(runs, tmp_path / "none.png", include_metrics=["missing"])
    assert not (tmp_path / "none.png").exists() and prettify_metric_name("myUgly_loss") == "My Ugly Loss"


def test_smoothing_is_a_gaussian_filter_and_ds_ids_share_a_panel():
    run = Summary("run")
    values = np.random.default_rng(1).random(12)
    for step, value in enumerate(values, start=1):
        run.record("eval", step, {"acc|a": float(value), "acc|b": ValWithError(0.0, 1.0, 2.0), "matrix": [[1]]})
    figure = plot_logs(run, smooth_factor=2)
    (panel,) = [axis for axis in figure.axes if axis.get_visible()]
    assert panel.get_title() == "acc" and [line.get_label() for line in panel.get_lines()] == ["eval a", "eval b"]
    np.testing.assert_allclose(panel.get_lines()[0].get_ydata(), gaussian_filter1d(values, 2, mode="nearest"))
    plt.close(figure)
