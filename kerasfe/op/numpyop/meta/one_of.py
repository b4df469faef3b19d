"""OneOf: run one op picked at random from several."""
from kerasfe.errors import ConfigError
from kerasfe.op.numpyop.meta.meta import MetaOp


class OneOf(MetaOp):
    """Runs one of `ops`, picked uniformly per sample; they must share inputs, outputs and modes.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop import HorizontalFlip, VerticalFlip
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = OneOf(HorizontalFlip(image_in="x"), VerticalFlip(image_in="x"))
        >>> results = set()
        >>> for index in range(20):
        ...     sample = {"x": np.array([[1, 2], [3, 4]], "uint8")}
        ...     op.apply(sample, SampleState("train", index=index))
        ...     results.add(tuple(sample["x"].ravel().tolist()))
        >>> sorted(results)
        [(2, 1, 4, 3), (3, 4, 1, 2)]
    """

    def __init__(self, *ops):
        super().__init__(ops)
        for op in ops[1:]:
            if (op.inputs, op.outputs, op.mode) != (ops[0].inputs, ops[0].outputs, ops[0].mode):
                raise ConfigError(f"OneOf: {op.describe()} differs from {ops[0].describe()} in inputs, outputs or "
                                  f"mode ({op.inputs}, {op.outputs} vs {ops[0].inputs}, {ops[0].outputs})")

    def apply(self, sample, state):
        self.ops[int(state["rng"].integers(len(self.ops)))].apply(sample, state)
