"""Reparameterize: a sample of a diagonal Gaussian written as a differentiable function of its mean and
log-variance (the reparameterisation trick of variational autoencoders)."""
import keras

from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.random_op import RandomOp


@serializable
class Reparameterize(RandomOp):
    """`z = mean + exp(log_var / 2) * eps` with `eps ~ N(0, 1)` drawn on the device (one draw per forward pass,
    the same again when the pass is replayed for a gradient), so gradients reach `mean` and `log_var`.

    Args:
        inputs: (mean key, log-variance key), tensors of one shape.
        outputs: the sample key.
        mode, ds_id: where it runs.
        seed: the seed of its `keras.random.SeedGenerator`.

    Example:
        >>> import keras
        >>> op = Reparameterize(inputs=("mean", "log_var"), outputs="z", seed=0)
        >>> z = op.forward([keras.ops.ones((2, 3)), keras.ops.full((2, 3), -1e4)], {})
        >>> keras.ops.convert_to_numpy(z).tolist()
        [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]
    """

    def forward(self, data, state):
        mean, log_var = data
        noise = self.random(state, lambda seed: keras.random.normal(keras.ops.shape(mean), seed=seed))
        return mean + keras.ops.exp(0.5 * log_var) * keras.ops.cast(noise, mean.dtype)
