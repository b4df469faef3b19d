import numpy as np
import pytest

from tests.apphub.app_runs import train_and_test


def test_forecasting_app_cuts_windows_in_time_order_and_logs_mae_of_the_scored_batches(tmp_path):
    rng = np.random.default_rng(0)
    time = np.arange(600)
    series = (np.sin(2 * np.pi * time / 12) + rng.normal(0, 0.1, 600)).astype("float32")
    np.save(tmp_path / "series.npy", series)
    estimator, scored = train_and_test("time_series/forecasting/forecasting.py", batch_size=16,
                                       series_path=tmp_path / "series.npy", save_dir=tmp_path / "best", window=24,
                                       horizon=6, filters=4, lstm_units=4, keys=("start", "x", "y"))
    assert len(list((tmp_path / "best").glob("forecaster*_best_mae.weights.h5"))) == 1
    assert int(estimator.network.models[0].optimizer.iterations) == 6
    summary = estimator.system.summary
    starts = {mode: scored.arrays(mode)["start"] for mode in ("eval", "test")}
    # train windows end before 420 (70%), eval ones lie in [420, 510), test ones in [510, 600)
    assert starts["eval"].min() >= 420 and starts["eval"].max() + 30 <= 510 and starts["test"].min() >= 510
    train_starts = np.concatenate([b["start"] for b in estimator.pipeline.get_results("train", num_steps=26)])
    assert train_starts.max() + 30 <= 420
    for mode in ("eval", "test"):  # test last: the network keeps the final weights
        arrays = scored.arrays(mode)
        np.testing.assert_array_equal(arrays["x"][:, :, 0], [series[s:s + 24] for s in arrays["start"]])
        np.testing.assert_array_equal(arrays["y"], [series[s + 24:s + 30] for s in arrays["start"]])
        predicted = estimator.network.predict({"x": arrays["x"]}, batch_size=16, verbose=0)["y_pred"]
        expected = {"mae": np.abs(predicted - arrays["y"]).mean(), "mse": np.square(predicted - arrays["y"]).mean()}
        logged = {key: summary.epoch_values(mode, key)[-1] for key in expected}
        assert logged == pytest.approx(expected, rel=1e-4), mode
    # the seasonal naive forecast (the value one period, 12 steps, earlier) on the same test windows: the bar the
    # README's full runs clear; here, after 6 steps, the model is only checked to be finite and scored
    naive = arrays["x"][:, -12:-6, 0]
    assert np.abs(naive - arrays["y"]).mean() == pytest.approx(0.11, abs=0.03)
