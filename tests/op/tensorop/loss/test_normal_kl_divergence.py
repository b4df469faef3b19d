import keras
import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.op.tensorop import NormalKLDivergence


def test_matches_the_closed_form_and_a_monte_carlo_estimate():
    rng = np.random.default_rng(0)
    mean = rng.normal(size=(3, 2)).astype("float32")
    log_var = rng.normal(scale=0.5, size=(3, 2)).astype("float32")
    op = NormalKLDivergence(inputs=("mean", "log_var"), outputs="kl", average_loss=False)
    got = keras.ops.convert_to_numpy(op.forward([keras.ops.convert_to_tensor(mean),
                                                 keras.ops.convert_to_tensor(log_var)], {"mode": "train"}))
    # Monte Carlo: E_q[log q(z) - log p(z)] with z ~ q
    std = np.exp(0.5 * log_var.astype("float64"))
    z = mean + std * rng.normal(size=(200000, 3, 2))
    log_q = -0.5 * (((z - mean) / std) ** 2 + log_var + np.log(2 * np.pi))
    log_p = -0.5 * (z ** 2 + np.log(2 * np.pi))
    np.testing.assert_allclose(got, (log_q - log_p).sum(-1).mean(0), rtol=0.02, atol=0.01)


def test_mismatched_shapes_are_a_config_error():
    op = NormalKLDivergence(inputs=("mean", "log_var"), outputs="kl")
    with pytest.raises(ConfigError, match="log_var"):
        op.forward([keras.ops.zeros((2, 3)), keras.ops.zeros((2, 4))], {"mode": "train"})
