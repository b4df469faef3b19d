"""Repeat: run an op several times, feeding its outputs back in."""
from kerasfe.errors import ConfigError, WrongTypeError
from kerasfe.op.numpyop.meta.meta import MetaOp


class Repeat(MetaOp):
    """Runs `op` `repeat` times, or, when `repeat` is a function, again while `repeat(*outputs)` is true.

    The op's outputs must be among its inputs so each run works on the last one's result.

    Args:
        op: a NumpyOp.
        repeat: a count, or a function of the op's output values returning whether to run again
            (at most `max_iter` runs).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop import LambdaOp
        >>> sample = {"x": np.array(1)}
        >>> Repeat(LambdaOp(fn=lambda x: x * 2, inputs="x", outputs="x"), repeat=3).apply(sample, {"mode": "train"})
        >>> int(sample["x"])
        8
        >>> Repeat(LambdaOp(fn=lambda x: x * 2, inputs="x", outputs="x"), repeat=lambda x: x < 100).apply(
        ...     sample, {"mode": "train"})
        >>> int(sample["x"])
        128
    """

    def __init__(self, op, repeat=1, max_iter=1000):
        super().__init__([op])
        if not set(op.outputs) <= set(op.inputs):
            raise ConfigError(f"Repeat: {op.describe()} must write back to its inputs; outputs {op.outputs}, "
                              f"inputs {op.inputs}")
        if not callable(repeat) and (not isinstance(repeat, int) or repeat < 1):
            raise WrongTypeError(f"Repeat: repeat must be a positive int or a function; got {repeat!r}")
        self.op, self.repeat, self.max_iter = op, repeat, max_iter

    def apply(self, sample, state):
        if not callable(self.repeat):
            for _ in range(self.repeat):
                self.op.apply(sample, state)
            return
        for _ in range(self.max_iter):
            self.op.apply(sample, state)
            if not self.repeat(*(sample[key] for key in self.op.outputs)):
                return
