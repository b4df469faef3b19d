"""Sometimes: run an op with a probability."""
from kerasfe.errors import ConfigError, MissingKeyError
from kerasfe.op.numpyop.meta.meta import MetaOp


class Sometimes(MetaOp):
    """Runs `op` on a sample with probability `prob` (drawn from the sample's seeded generator).

    When the op writes keys it does not read, those keys must already be in the sample (so that a
    skipped op leaves every sample with the same keys).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop import HorizontalFlip
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = Sometimes(HorizontalFlip(image_in="x"), prob=0.5)
        >>> flips = 0
        >>> for index in range(200):
        ...     sample = {"x": np.array([[0, 1]], "uint8")}
        ...     op.apply(sample, SampleState("train", index=index))
        ...     flips += int(sample["x"][0, 0])
        >>> 70 < flips < 130
        True
    """

    def __init__(self, op, prob=0.5):
        super().__init__([op])
        if not 0.0 <= prob <= 1.0:
            raise ConfigError(f"Sometimes: prob must be in [0, 1]; got {prob}")
        self.op, self.prob = op, prob

    def apply(self, sample, state):
        for key in self.outputs:
            if key not in self.inputs and key not in sample:
                raise MissingKeyError(owner=f"{self.describe()} (for when it skips its op)", key=key,
                                      mode=state["mode"], available=list(sample))
        if state["rng"].random() < self.prob:
            self.op.apply(sample, state)
