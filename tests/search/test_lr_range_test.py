import keras
import numpy as np

import kerasfe as fe
from kerasfe.op.tensorop import MeanSquaredError, ModelOp, UpdateOp
from kerasfe.search import lr_range_test


def test_lr_range_test_suggests_a_stable_rate_and_restores_the_state(tmp_path):
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
    # SGD on this quadratic diverges beyond 2 / (largest eigenvalue of the Hessian 2/N X^T X)
    unstable = 2 / max(np.linalg.eigvalsh(2 / 16 * b["x"].T @ b["x"]).max() for b in batches)
    np.testing.assert_allclose(result.lrs[:3], [1e-4, 1e-4 * 10 ** (5 / 39), 1e-4 * 10 ** (10 / 39)], rtol=1e-6)
    assert len(result.losses) < 40 and result.losses[-1] > 4 * min(result.losses)
    assert 1e-3 < result.suggested_lr < unstable
    assert np.array_equal(model.get_weights()[0], start[0]) and int(model.optimizer.iterations) == 0
    assert float(model.optimizer.learning_rate) == np.float32(0.01)
    result.plot(tmp_path / "lr.png")
    assert (tmp_path / "lr.png").stat().st_size > 0
