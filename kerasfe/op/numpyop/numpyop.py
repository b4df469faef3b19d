"""NumpyOp, the per-sample op of the Pipeline, the small general ops LambdaOp, Delete and RemoveIf, and
forward_numpyop."""
import keras
import numpy as np

from kerasfe.errors import ConfigError, MissingKeyError, WrongTypeError
from kerasfe.op.numpyop.state import SampleState
from kerasfe.op.op import Op, read_inputs, run_op, write_outputs


class RemoveSample(Exception):
    """Raised by `RemoveIf` to drop the current sample; the Pipeline catches it."""


class NumpyOp(Op):
    """An op the Pipeline runs on each sample (a dict of numpy arrays), in worker threads.

    Subclasses implement `forward(data, state)`. `state` is a `SampleState`: `state["mode"]`,
    `state["epoch"]`, `state["index"]` and, for random ops, `state["rng"]` (a numpy Generator seeded
    from the Pipeline seed, the epoch and the sample index, so runs repeat).

    An op may also define `forward_batch(data, state)`, the same computation on a whole batch (the
    leading axis indexes samples). The Pipeline then runs it once per batch when it comes after the
    per-sample ops, which saves the per-sample Python overhead. `state` is then the batch's: its
    `rng` is seeded by (seed, epoch, batch index), and random ops draw one set of parameters per sample
    from it. An op whose batch form depends on its settings overrides `has_batch_form`.

    Example:
        >>> import numpy as np
        >>> class Double(NumpyOp):
        ...     def forward(self, data, state):
        ...         return data * 2
        >>> sample = {"x": np.array([1, 2])}
        >>> Double(inputs="x", outputs="y").apply(sample, {"mode": "train"})
        >>> sample["y"].tolist()
        [2, 4]
    """

    def apply(self, sample, state):
        """Runs the op on the sample dict in place."""
        run_op(self, sample, state)

    def has_batch_form(self):
        """Whether the op can run on a whole batch (it defines `forward_batch`)."""
        return callable(getattr(self, "forward_batch", None))


def run_batch_op(op, batch, state):
    """Runs `op.forward_batch` on a batch dict in place.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop import Minmax
        >>> batch = {"x": np.array([[0.0, 5.0], [2.0, 4.0]])}
        >>> run_batch_op(Minmax(inputs="x", outputs="x"), batch, {"mode": "eval"})
        >>> batch["x"].tolist()
        [[0.0, 1.0], [0.0, 1.0]]
    """
    write_outputs(op, batch, op.forward_batch(read_inputs(op, batch, state["mode"]), state))


class LambdaOp(NumpyOp):
    """Runs a function on the inputs and stores its result(s) as the outputs.

    Args:
        fn: called with one argument per input key.
        inputs, outputs, mode, ds_id: as for every Op.

    Example:
        >>> import numpy as np
        >>> sample = {"a": np.array(2), "b": np.array(3)}
        >>> LambdaOp(fn=lambda a, b: a * b, inputs=("a", "b"), outputs="c").apply(sample, {"mode": "train"})
        >>> int(sample["c"])
        6
    """

    def __init__(self, fn, inputs=None, outputs=None, mode=None, ds_id=None):
        if not callable(fn):
            raise WrongTypeError(f"LambdaOp: fn must be callable; got {type(fn).__name__}")
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        self.fn = fn

    def forward(self, data, state):
        return self.fn(*data) if self.in_list else self.fn(data)


class Delete(NumpyOp):
    """Removes keys from the sample (e.g. a file path no longer needed once the image is read).

    Example:
        >>> sample = {"path": "a.png", "x": 1}
        >>> Delete(keys="path").apply(sample, {"mode": "train"}); sample
        {'x': 1}
    """

    def __init__(self, keys, mode=None, ds_id=None):
        super().__init__(inputs=keys, mode=mode, ds_id=ds_id)

    def apply(self, sample, state):
        for key in self.inputs:
            if key not in sample:
                raise MissingKeyError(owner=self.describe(), key=key, mode=state["mode"], available=list(sample))
            del sample[key]


class RemoveIf(NumpyOp):
    """Drops the sample when `fn(*inputs)` is true, so batches of that step hold fewer samples.

    A batch whose samples are all dropped is filled from the samples that follow it in the epoch.
    `replacement` is FastEstimator's: kerasfe's Pipeline only drops samples, so only True (the default) is
    accepted.

    Example:
        >>> import numpy as np
        >>> op = RemoveIf(fn=lambda y: y < 0, inputs="y")
        >>> try:
        ...     op.apply({"y": np.array(-1)}, {"mode": "train"})
        ... except RemoveSample:
        ...     print("removed")
        removed
    """

    def __init__(self, fn, replacement=True, inputs=None, mode=None, ds_id=None):
        if not callable(fn):
            raise WrongTypeError(f"RemoveIf: fn must be callable; got {type(fn).__name__}")
        if not replacement:
            raise ConfigError("RemoveIf: replacement=False (shorten the epoch instead) is not supported; kerasfe's "
                              "Pipeline drops the sample from its batch; pass replacement=True")
        if inputs is None:
            raise ConfigError("RemoveIf: give the inputs fn is called with")
        super().__init__(inputs=inputs, mode=mode, ds_id=ds_id)
        self.fn, self.replacement = fn, replacement

    def forward(self, data, state):
        return bool(self.fn(*data) if self.in_list else self.fn(data))

    def apply(self, sample, state):
        if self.forward(read_inputs(self, sample, state["mode"]), state):
            raise RemoveSample()


def forward_numpyop(ops, data, state, batched=None, shared=True):
    """Runs NumpyOps on the dict `data` in place, as the Pipeline does (FastEstimator's helper for meta ops and
    debugging).

    Args:
        ops: the NumpyOps, in order.
        data: a sample (or, with `batched`, a batch) dict.
        state: at least {"mode": ...}; a plain dict gets seeded generators from its "seed", "epoch", "index" and
            "ds_id" (defaults 0, 1, 0, None), as the Pipeline's samples do.
        batched: None for one sample; "np" (or "tf" / "torch", FastEstimator's names: any backend tensors) for a
            batch, run through each op's batch form. Tensors are turned into numpy arrays and back into the
            current backend's tensors.
        shared: FastEstimator's torch shared-memory switch; kerasfe's Pipeline uses threads, so it has no effect.

    Returns:
        None, or the `RemoveSample` of a RemoveIf that dropped the sample (the later ops do not run).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop import ExpandDims, Minmax
        >>> data = {"x": np.array([[2.0, 4.0]])}
        >>> forward_numpyop([Minmax(inputs="x", outputs="y"), ExpandDims(inputs="y")], data, {"mode": "train"})
        >>> data["y"].tolist()
        [[[0.0], [1.0]]]
        >>> forward_numpyop([RemoveIf(fn=lambda y: y.max() > 0, inputs="y")], data, {"mode": "train"})
        RemoveSample()
    """
    if not isinstance(state, SampleState) and "rng" not in state:
        extra = {key: value for key, value in state.items() if key not in ("mode", "seed", "epoch", "index", "ds_id")}
        state = SampleState(mode=state["mode"], seed=state.get("seed", 0), epoch=state.get("epoch", 1),
                            index=state.get("index", 0), ds_id=state.get("ds_id"))
        state.update(extra)
    if batched and batched != "np":
        data.update({key: keras.ops.convert_to_numpy(value) for key, value in data.items()})
    for op in ops:
        if not op.should_run(state["mode"], state.get("ds_id")):
            continue
        try:
            if not batched:
                op.apply(data, state)
            elif op.has_batch_form():
                run_batch_op(op, data, state)
            else:
                raise ConfigError(f"forward_numpyop: {op.describe()} has no batch form; run it on single samples "
                                  "(batched=None)")
        except RemoveSample as removed:
            return removed
    if batched and batched != "np":
        data.update({key: keras.ops.convert_to_tensor(value) for key, value in data.items()
                     if isinstance(value, np.ndarray) and value.dtype != object})
    return None
