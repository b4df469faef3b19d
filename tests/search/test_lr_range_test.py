import keras
import matplotlib.image
import numpy as np

import kerasfe as fe
from kerasfe.op.tensorop import MeanSquaredError, ModelOp, UpdateOp
from kerasfe.search import lr_range_test


def sgd_losses(kernel, batches, lrs, diverge_factor=4.0):
    """The range test in float64 numpy: SGD on the mean squared error of x @ kernel, one batch per rate,
    the loss of each step before its update, stopping once it exceeds `diverge_factor` times the lowest."""
    losses = []
    for lr, batch in zip(lrs, batches * len(lrs)):
        error = batch["x"] @ kernel - batch["y"]
        losses.append(float(np.mean(error ** 2)))
        kernel = kernel - lr * 2 / len(error) * batch["x"].T @ error
        if losses[-1] > diverge_factor * min(losses):
            break
    return losses


def steepest_descent(lrs, losses):
    """The rate where the debiased 0.8-moving average of the losses falls fastest per log rate, up to its minimum."""
    steps = np.arange(1, len(losses) + 1)
    weights = 0.2 * 0.8 ** (steps[:, None] - steps[None, :]) * (steps[None, :] <= steps[:, None])
    smoothed = weights @ np.array(losses) / (1 - 0.8 ** steps)
    lowest = int(np.argmin(smoothed))
    return lrs[int(np.argmin(np.gradient(smoothed[:lowest + 1], np.log(lrs[:lowest + 1]))))]


def test_lr_range_test_records_the_sgd_losses_suggests_the_steepest_descent_and_restores_the_state(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 4)).astype("float32") * np.array([1.0, 1.0, 2.0, 3.0], "float32")
    y = x @ np.array([[1.0], [-1.0], [0.5], [2.0]], "float32")
    model = fe.build(lambda: keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, use_bias=False)]),
                     lambda: keras.optimizers.SGD(0.01))
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              MeanSquaredError(inputs=("y_pred", "y"), outputs="mse"),
                              UpdateOp(model=model, loss_name="mse")])
    start = model.get_weights()
    batches = [{"x": x[i:i + 16], "y": y[i:i + 16]} for i in range(0, 64, 16)]
    result = lr_range_test(network, model, batches, min_lr=1e-4, max_lr=10.0, num_steps=40, loss_name="mse")
    np.testing.assert_allclose(result.lrs, np.geomspace(1e-4, 10.0, 40), rtol=1e-12)
    expected = sgd_losses(start[0].astype("float64"), [{k: v.astype("float64") for k, v in b.items()} for b in batches],
                          result.lrs)
    assert len(result.losses) == len(expected) < 40  # SGD diverges beyond 2 / the largest Hessian eigenvalue
    np.testing.assert_allclose(result.losses, expected, rtol=1e-3)
    assert result.suggested_lr == steepest_descent(result.lrs, result.losses)
    for restored, saved in zip(model.get_weights(), start):
        np.testing.assert_array_equal(restored, saved)
    assert int(model.optimizer.iterations) == 0 and float(model.optimizer.learning_rate) == np.float32(0.01)
    figure = result.plot(tmp_path / "lr.png")
    loss_line, suggestion = figure.axes[0].get_lines()
    np.testing.assert_array_equal(loss_line.get_xdata(), result.lrs[:len(result.losses)])
    np.testing.assert_array_equal(loss_line.get_ydata(), result.losses)
    assert list(suggestion.get_xdata()) == [result.suggested_lr] * 2
    assert matplotlib.image.imread(tmp_path / "lr.png").shape[:2] == (400, 600)  # 6 x 4 inches at 100 dpi
