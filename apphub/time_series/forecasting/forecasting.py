"""Forecasting the next `horizon` values of a series with two seasons (periods 12 and 48) from the `window` values
before them, with a Conv1D + LSTM network; MAE against the seasonal naive forecast.

    kerasfe train apphub/time_series/forecasting/forecasting.py --epochs 10 --backend jax
    python apphub/time_series/forecasting/forecasting.py --series_path my_series.npy --epochs 10

The series is a 1-D `.npy` file (`--series_path`) or, by default, one `seasonal_series` generates: two sine
seasons plus Gaussian noise, so the best reachable MAE is the noise's (about 0.8 * noise). It is split in time
(the first 70% for training, the next 15% for eval, the last 15% for test, no window crossing a border); each
sample is a window start, and the Pipeline's `LambdaOp` cuts the window (`x`: (window, 1)) and the values after it
(`y`: (horizon,)). The Network runs causal Conv1D, an LSTM and one Dense unit per future step with mean squared
error and Adam; eval and test also log the mean absolute error `mae` (`L1_Loss`).
"""
import tempfile

import keras
import numpy as np

import kerasfe as fe
from kerasfe.cli.app import run_script
from kerasfe.dataset import NumpyDataset
from kerasfe.op.numpyop import LambdaOp
from kerasfe.op.tensorop import L1_Loss, MeanSquaredError, ModelOp, UpdateOp
from kerasfe.trace.io import BestModelSaver

PERIODS = (12, 48)


def seasonal_series(length=6000, noise=0.1, seed=0):
    """sin(2 pi t / 12) + 0.5 sin(2 pi t / 48 + 1) + N(0, noise^2), float32.

    Example:
        >>> series = seasonal_series(length=96, noise=0.0)
        >>> bool(np.allclose(series[:48], series[48:], atol=1e-5)), series.dtype
        (True, dtype('float32'))
    """
    time = np.arange(length)
    clean = np.sin(2 * np.pi * time / PERIODS[0]) + 0.5 * np.sin(2 * np.pi * time / PERIODS[1] + 1)
    return (clean + np.random.default_rng(seed).normal(0, noise, length)).astype("float32")


def window_starts(length, window, horizon, begin, end):
    """The starts of every window (plus its horizon) that lies within [begin, end) of the series."""
    return NumpyDataset({"start": np.arange(begin, max(begin, end - window - horizon + 1), dtype="int64")})


def forecaster(window, horizon, filters, lstm_units):
    """(window, 1) past values -> (horizon,) future values."""
    past = keras.Input((window, 1), name="past")
    x = keras.layers.Conv1D(filters, 5, padding="causal", activation="relu")(past)
    x = keras.layers.LSTM(lstm_units)(x)
    return keras.Model(past, keras.layers.Dense(horizon)(x), name="forecaster")


def get_estimator(epochs=10, batch_size=64, max_train_steps_per_epoch=None, max_eval_steps_per_epoch=None,
                  series_path=None, save_dir=None, length=6000, noise=0.1, window=96, horizon=12, filters=32,
                  lstm_units=32, learning_rate=3e-3, seed=0, log_steps=100):
    """The Pipeline -> Network -> Estimator of this application.

    Args:
        series_path: a 1-D `.npy` series; by default `seasonal_series(length, noise, seed)`.
        save_dir: where BestModelSaver keeps the weights of the lowest eval MAE (a new temporary folder by default).
        window: past values the model sees; horizon: future values it predicts.
        filters, lstm_units: the network's width.
    """
    series = (np.load(series_path) if series_path else seasonal_series(length, noise, seed)).astype("float32")
    borders = [0, int(0.7 * len(series)), int(0.85 * len(series)), len(series)]
    train, evaluation, test = [window_starts(len(series), window, horizon, begin, end)
                               for begin, end in zip(borders, borders[1:])]
    pipeline = fe.Pipeline(
        train_data=train, eval_data=evaluation, test_data=test, batch_size=batch_size,
        ops=[LambdaOp(fn=lambda start: (series[start:start + window, None], series[start + window:start + window + horizon]),
                      inputs="start", outputs=("x", "y"))])
    model = fe.build(model_fn=lambda: forecaster(window, horizon, filters, lstm_units),
                     optimizer_fn=lambda: keras.optimizers.Adam(learning_rate))
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              MeanSquaredError(inputs=("y_pred", "y"), outputs="mse"),
                              L1_Loss(inputs=("y_pred", "y"), outputs="mae", mode=("eval", "test")),
                              UpdateOp(model=model, loss_name="mse")])
    traces = [BestModelSaver(model=model, save_dir=save_dir or tempfile.mkdtemp(prefix="forecasting_"), metric="mae",
                             save_best_mode="min")]
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=log_steps,
                        monitor_names="mae", max_train_steps_per_epoch=max_train_steps_per_epoch,
                        max_eval_steps_per_epoch=max_eval_steps_per_epoch)


if __name__ == "__main__":
    run_script(get_estimator)
