"""LatentNoise: the standard normal latent vectors of a generative model, drawn on the device."""
import keras

from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.random_op import RandomOp


@serializable
class LatentNoise(RandomOp):
    """Writes standard normal latent vectors (batch, latent_dim), one per sample of the `inputs` batch (any key
    of the batch: only its size is read), drawn anew every step.

    Args:
        inputs: a key whose first axis is the batch.
        outputs: the latent key.
        latent_dim: the size of each vector.
        mode, ds_id: where it runs.
        seed: the seed of its `keras.random.SeedGenerator`.

    Example:
        >>> import keras
        >>> tuple(LatentNoise(inputs="x", outputs="z", latent_dim=3, seed=0).forward(keras.ops.ones((5, 2)), {}).shape)
        (5, 3)
    """

    def __init__(self, inputs, outputs, latent_dim, mode=None, ds_id=None, seed=None):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id, seed=seed)
        self.latent_dim = latent_dim

    def forward(self, data, state):
        shape = (keras.ops.shape(data)[0], self.latent_dim)
        return self.random(state, lambda seed: keras.random.normal(shape, seed=seed))
