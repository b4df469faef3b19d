"""OneOf: run one op picked at random from several."""
import numpy as np

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop.meta.meta import MetaOp


class OneOf(MetaOp):
    """Runs one of `ops`, picked per sample (uniformly, or with the probabilities `probs`, as FastEstimator's);
    they must share inputs, outputs and modes.

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
        >>> OneOf(HorizontalFlip(image_in="x"), VerticalFlip(image_in="x"), probs=[0.9, 0.1]).probs
        [0.9, 0.1]
    """

    def __init__(self, *numpy_ops, probs=None):
        ops = numpy_ops
        super().__init__(ops)
        if probs is not None and (len(probs) != len(ops) or any(p < 0 for p in probs)
                                  or not np.isclose(sum(probs), 1.0)):
            raise ConfigError(f"OneOf: probs must give each of the {len(ops)} ops a probability >= 0, summing to 1; "
                              f"got {probs}")
        self.probs = None if probs is None else list(probs)
        for op in ops[1:]:
            if (op.inputs, op.outputs, op.mode) != (ops[0].inputs, ops[0].outputs, ops[0].mode):
                raise ConfigError(f"OneOf: {op.describe()} differs from {ops[0].describe()} in inputs, outputs or "
                                  f"mode ({op.inputs}, {op.outputs} vs {ops[0].inputs}, {ops[0].outputs})")
        if probs is not None and (len(probs) != len(ops) or min(probs) < 0 or abs(sum(probs) - 1.0) > 1e-6):
            raise ConfigError(f"OneOf: probs must give each of the {len(ops)} ops a probability >= 0, summing to 1; "
                              f"got {list(probs)}")
        self.probs = None if probs is None else [float(prob) for prob in probs]

    def apply(self, sample, state):
        rng = state["rng"]
        pick = rng.integers(len(self.ops)) if self.probs is None else rng.choice(len(self.ops), p=self.probs)
        self.ops[int(pick)].apply(sample, state)
