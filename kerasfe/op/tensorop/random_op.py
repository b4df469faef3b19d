"""RandomOp: the base of TensorOps that draw random numbers in the step, and the per-pass record of draws that
lets a replayed pass (for a gradient) draw the same values."""
import keras

from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.tensorop import TensorOp


def draw(state, owner, sample):
    """A random value for `owner` in this forward pass: `sample()` in the pass itself, the same value
    again when the pass is replayed for a gradient.

    Example:
        >>> state = {}
        >>> first = draw(state, "op", lambda: 1)
        >>> draw({**replay_state(state)}, "op", lambda: 2) == first
        True
    """
    cursor = state.setdefault("draw_cursor", {})
    values = state.setdefault("draws", {}).setdefault(id(owner), [])
    index = cursor.get(id(owner), 0)
    cursor[id(owner)] = index + 1
    if index < len(values):
        return values[index]
    value = sample()
    values.append(value)
    return value


def replay_state(state):
    """The op state of a replay: the recorded draws, read again from the first."""
    return {**state, "draw_cursor": {}, "replaying": True}


@serializable
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
