"""Fuse: several ops as one (e.g. to wrap them together in Sometimes or OneOf)."""
from kerasfe.errors import ConfigError
from kerasfe.op.numpyop.meta.meta import MetaOp


class Fuse(MetaOp):
    """Runs `ops` in order as a single op; they must share a mode.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop import ExpandDims, Minmax
        >>> sample = {"x": np.array([1.0, 3.0])}
        >>> Fuse([Minmax(inputs="x", outputs="x"), ExpandDims(inputs="x", outputs="x")]).apply(sample, {"mode": "train"})
        >>> sample["x"].tolist()
        [[0.0], [1.0]]
    """

    def __init__(self, ops):
        super().__init__(ops)
        for op in self.ops[1:]:
            if op.mode != self.ops[0].mode:
                raise ConfigError(f"Fuse: {op.describe()} runs in {sorted(op.mode)} but {self.ops[0].describe()} "
                                  f"in {sorted(self.ops[0].mode)}; fused ops must share a mode")

    def apply(self, sample, state):
        for op in self.ops:
            op.apply(sample, state)
