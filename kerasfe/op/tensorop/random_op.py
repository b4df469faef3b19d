"""RandomOp: the base of TensorOps that draw random numbers in the step."""
import keras

from kerasfe.backend.replay import draw
from kerasfe.op.tensorop.tensorop import TensorOp


class RandomOp(TensorOp):
    """A TensorOp with its own `keras.random.SeedGenerator`, whose state the Network carries (so under
    JAX every step draws anew). `self.random(state, sample)` calls `sample(seed)` once per forward pass;
    a replay of the pass for a gradient gets the same values.

    Example:
        >>> import keras
        >>> class Noise(RandomOp):
        ...     def forward(self, data, state):
        ...         return data + self.random(state, lambda seed: keras.random.normal(data.shape, seed=seed))
        >>> tuple(Noise(inputs="x", outputs="x", seed=1).forward(keras.ops.zeros((2, 3)), {}).shape)
        (2, 3)
    """

    def __init__(self, inputs=None, outputs=None, mode=None, ds_id=None, seed=None):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        self.seed_generator = keras.random.SeedGenerator(seed)

    def state_objects(self):
        return [self.seed_generator]

    def random(self, state, sample):
        """`sample(seed_generator)`, drawn once per forward pass."""
        return draw(state, self, lambda: sample(self.seed_generator))
