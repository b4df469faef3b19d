import keras
import numpy as np

import kerasfe as fe
from kerasfe.op.tensorop import Reparameterize


def test_sample_has_the_given_mean_and_variance_and_differentiable_path():
    op = Reparameterize(inputs=("mean", "log_var"), outputs="z", seed=3)
    mean = np.full((20000, 2), [1.0, -2.0], "float32")
    log_var = np.full((20000, 2), np.log([0.25, 4.0]), "float32")
    z = keras.ops.convert_to_numpy(op.forward([keras.ops.convert_to_tensor(mean), keras.ops.convert_to_tensor(log_var)],
                                              {}))
    np.testing.assert_allclose(z.mean(0), [1.0, -2.0], atol=0.05)
    np.testing.assert_allclose(z.std(0), [0.5, 2.0], rtol=0.03)
    # z - mean is the noise times the standard deviation: the same noise standardised gives N(0, 1)
    noise = (z - mean) / np.exp(0.5 * log_var)
    assert abs(np.corrcoef(noise[:, 0], noise[:, 1])[0, 1]) < 0.05


def test_each_step_draws_new_noise_in_a_network():
    network = fe.Network(ops=[Reparameterize(inputs=("mean", "log_var"), outputs="z", seed=1)])
    batch = {"mean": np.zeros((4, 3), "float32"), "log_var": np.zeros((4, 3), "float32")}
    first = network.predict(batch, batch_size=4, verbose=0)["z"]
    second = network.predict(batch, batch_size=4, verbose=0)["z"]
    assert first.shape == (4, 3) and not np.allclose(first, second)
