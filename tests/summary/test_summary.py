import matplotlib
import matplotlib.image

matplotlib.use("Agg")

from kerasfe.summary import Summary  # noqa: E402


def test_history_per_mode_step_and_epoch_and_plot(tmp_path):
    summary = Summary("exp")
    summary.record("train", 1, {"ce": 2.0})
    summary.record("train", 10, {"ce": 1.0, "epoch_time": 3.0}, epoch=1)
    summary.record("eval", 10, {"ce": 1.5, "confusion": [[1, 0], [0, 1]]}, epoch=1)
    summary.record("train", 20, {"ce": 0.5}, epoch=2)
    assert summary.history["train"]["ce"] == {1: 2.0, 10: 1.0, 20: 0.5}
    assert summary.epoch_values("train", "ce") == [1.0, 0.5] and summary.epoch_values("eval", "ce") == [1.5]
    figure = summary.plot(save_path=tmp_path / "plot.png")
    assert [axis.get_ylabel() for axis in figure.axes] == ["ce", "epoch_time"]  # the matrix is not plotted
    assert [line.get_label() for line in figure.axes[0].get_lines()] == ["train", "eval"]
    assert list(figure.axes[0].get_lines()[0].get_xdata()) == [1, 10, 20]
    width, height = figure.get_size_inches() * figure.dpi
    assert matplotlib.image.imread(tmp_path / "plot.png").shape[:2] == (round(height), round(width))
