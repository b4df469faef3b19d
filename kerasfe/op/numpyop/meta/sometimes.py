"""Sometimes: run an op with a probability."""
import numpy as np

from kerasfe.errors import ConfigError, DataError, MissingKeyError
from kerasfe.op.numpyop.meta.meta import MetaOp
from kerasfe.op.numpyop.numpyop import run_batch_op


class Sometimes(MetaOp):
    """Runs `op` on a sample with probability `prob` (drawn from the sample's seeded generator).

    When the op writes keys it does not read, those keys must already be in the sample (so that a
    skipped op leaves every sample with the same keys).

    When the op has a batch form and writes only keys it reads, so does Sometimes: it draws one coin per
    sample from the batch's generator and runs the op once on the chosen samples.

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
        >>> flips  # of 200 samples, each flipped with probability 0.5 (seeded by its index)
        105
    """

    def __init__(self, numpy_op, prob=0.5):
        super().__init__([numpy_op])
        if not 0.0 <= prob <= 1.0:
            raise ConfigError(f"Sometimes: prob must be in [0, 1]; got {prob}")
        self.op, self.prob = numpy_op, prob

    def apply(self, sample, state):
        for key in self.outputs:
            if key not in self.inputs and key not in sample:
                raise MissingKeyError(owner=f"{self.describe()} (for when it skips its op)", key=key,
                                      mode=state["mode"], available=list(sample))
        if state["rng"].random() < self.prob:
            self.op.apply(sample, state)

    def has_batch_form(self):
        return self.op.has_batch_form() and set(self.outputs) <= set(self.inputs)

    def forward_batch(self, data, state):
        values = dict(zip(self.inputs, data))
        chosen = state["rng"].random(len(data[0])) < self.prob
        if not chosen.any():
            return [values[key] for key in self.outputs]
        picked = dict(values) if chosen.all() else {key: np.asarray(value)[chosen] for key, value in values.items()}
        run_batch_op(self.op, picked, state)
        if chosen.all():
            return [picked[key] for key in self.outputs]
        return [self._merge(key, np.asarray(values[key]), np.asarray(picked[key]), chosen) for key in self.outputs]

    def _merge(self, key, kept, done, chosen):
        if kept.shape[1:] != done.shape[1:]:
            raise DataError(f"{self.describe()} changes '{key}' from shape {kept.shape[1:]} to {done.shape[1:]}, so "
                            "a batch would mix shapes; give the Pipeline a pad_value")
        merged = kept.astype(np.result_type(kept, done))
        merged[chosen] = done
        return merged
