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


def test_val_with_error_compares_and_computes_as_its_middle_value():
    import pickle
    from kerasfe.summary import ValWithError
    value = ValWithError(1.0, 2.0, 4.0)
    assert (value < 3, value > 1, value == 2.0, value <= ValWithError(0, 2.0, 9), abs(ValWithError(-3, -2, -1)))\
        == (True, True, True, True, 2)
    assert (value + 1, 1 + value, value - 0.5, 5 - value, value * 3, 3 * value, value / 4) == \
        (3.0, 3.0, 1.5, 3.0, 6.0, 6.0, 0.5)
    assert max([ValWithError(0, 1, 2), value]) is value and pickle.loads(pickle.dumps(value)).as_tuple() == \
        (1.0, 2.0, 4.0)


def test_average_summaries_matches_numpy_mean_and_sample_std():
    import numpy as np
    import pytest
    from kerasfe.summary import ValWithError, average_summaries
    rng = np.random.default_rng(0)
    values = rng.random((3, 4))
    runs = []
    for index, row in enumerate(values):
        run = Summary(f"run{index}")
        for step, value in enumerate(row, start=1):
            run.record("train", step, {"ce": float(value), "note": "x 1 y 2", "same": 7.0}, epoch=step)
        runs.append(run)
    averaged = average_summaries("mean", runs)
    assert averaged.name == "mean" and set(averaged.history["train"]) == {"ce", "same"}  # no epoch, no 2-number text
    for step in range(1, 5):
        column = values[:, step - 1]
        mean, std = column.mean(), column.std(ddof=1)
        assert isinstance(averaged.history["train"]["ce"][step], ValWithError)
        assert averaged.history["train"]["ce"][step].as_tuple() == pytest.approx((mean - std, mean, mean + std))
    assert averaged.history["train"]["same"] == {1: 7.0, 2: 7.0, 3: 7.0, 4: 7.0}
    single = average_summaries("renamed", runs[:1])
    assert single is runs[0] and single.name == "renamed"
    merged = Summary("m", system_config=["config"])
    merged.merge(runs[0]), merged.merge(runs[1])
    assert merged.history["train"]["ce"] == dict(enumerate(values[1], start=1)) and merged.system_config == ["config"]
