"""The Network's host stage: its Slicers and post-processing NumpyOps (`pops`), run on numpy values outside the
compiled step. Without Slicers or pops none of this runs (the compiled step is used as it is).

With Slicers, each batch of the data is cut into mini-batches on the host, each mini-batch is one step of the
Network (in training one optimizer update each, as in FastEstimator), and the bus values of a batch's steps are put
back together before the post-processing ops and the Traces see them, once per batch. With pops only, the pops run
on every batch's bus values (the keys they read always leave the device) before the Traces see them.
"""
import collections

import keras
import numpy as np

from kerasfe.errors import ConfigError, DataError, WrongTypeError
from kerasfe.op.numpyop import NumpyOp
from kerasfe.op.numpyop.numpyop import run_batch_op
from kerasfe.op.numpyop.state import SampleState
from kerasfe.op.op import as_list
from kerasfe.schedule import get_all_values, get_current_items
from kerasfe.slicer.slicer import Slicer, forward_slicers, reverse_slicers, sanity_assert_slicers
from kerasfe.trace.bus import BUS_PREFIX


def check_items(items, kind, owner):
    """`items` (None, one, or a list; schedulers allowed) as a list, each value a `kind` or None."""
    items = as_list(items)
    for item in items:
        for value in get_all_values(item):
            if value is not None and not isinstance(value, kind):
                fix = "NumpyOps (TensorOps go in ops=...)" if kind is NumpyOp else "Slicers from kerasfe.slicer"
                raise WrongTypeError(f"{owner}: {'pops' if kind is NumpyOp else 'slicers'} must be {fix}; got "
                                     f"{type(value).__name__}")
    return items


def run_pops(pops, batch, state):
    """Runs the post-processing NumpyOps on the batch dict in place: an op with a batch form once on the batch;
    another op on each sample (the leading axis) with the outputs stacked back, or once when an input is a scalar.

    Example:
        >>> from kerasfe.op.numpyop import LambdaOp
        >>> batch = {"y_pred": np.array([[0.1, 0.9], [0.8, 0.2]])}
        >>> run_pops([LambdaOp(fn=np.argmax, inputs="y_pred", outputs="label")], batch, {"mode": "eval"})
        >>> batch["label"].tolist()
        [1, 0]
    """
    for op in pops:
        if op.has_batch_form() or any(np.ndim(batch.get(key)) == 0 for key in op.inputs) or not op.inputs:
            if op.has_batch_form():
                run_batch_op(op, batch, state)
            else:
                op.apply(batch, state)
            continue
        samples = []
        for index in range(len(batch[op.inputs[0]])):
            sample = {key: batch[key][index] for key in op.inputs}
            op.apply(sample, SampleState(mode=state["mode"], epoch=state.get("epoch", 1), index=index,
                                         ds_id=state.get("ds_id")))
            samples.append(sample)
        for key in op.outputs:
            batch[key] = np.stack([sample[key] for sample in samples])


def pop_inputs(pops):
    """The keys the pops read that no earlier pop writes: what must leave the device for them."""
    needed, written = [], set()
    for op in pops:
        needed += [key for key in op.inputs if key not in written and key not in needed]
        written |= set(op.outputs)
    return needed


def to_numpy(value):
    return value if isinstance(value, (int, float, str)) else keras.ops.convert_to_numpy(value)


def batches(network, x, batch_size):
    """The batch dicts (numpy) of `x`: a dict of arrays cut into `batch_size` rows, else each element of the
    iterable (dicts or Keras's (x, y, sample_weight) tuples)."""
    if isinstance(x, dict):
        size = len(next(iter(x.values())))
        for start in range(0, size, batch_size or 32):
            yield {key: np.asarray(value)[start:start + (batch_size or 32)] for key, value in x.items()}
        return
    if not hasattr(x, "__iter__"):
        raise ConfigError(f"{network.name}: with slicers or pops, give the data as a dict of arrays or an iterable of "
                          f"batches (a Pipeline loader, a generator, a tf.data.Dataset); got {type(x).__name__}")
    for element in x:
        yield {key: to_numpy(value) for key, value in network.batch_from(element).items()}


class HostStage:
    """The Slicers and pops of one Network, and what its steps do with them in each mode.

    Args:
        network: the Network.
        pops: NumpyOps (or schedulers of them) to run on the Network's outputs.
        slicers: Slicers (or schedulers of them).
    """

    def __init__(self, network, pops, slicers):
        self.network = network
        self.pop_items = check_items(pops, NumpyOp, network.name)
        self.slicer_items = check_items(slicers, Slicer, network.name)

    def __bool__(self):
        return bool(self.pop_items or self.slicer_items)

    def pops(self, mode):
        """The pops that run in `mode` at the Network's epoch, on its data set."""
        return get_current_items(self.pop_items, mode, self.network.epoch, self.network.ds_id)

    def read_keys(self, mode):
        """The keys the pops of `mode` read that no earlier pop writes: what must leave the device for them."""
        return pop_inputs(self.pops(mode))

    def written_keys(self, mode):
        """The keys the pops of `mode` write."""
        return {key for op in self.pops(mode) for key in op.outputs}

    def slicers(self, mode):
        """The Slicers that run in `mode` at the Network's epoch, on its data set (checked against each other)."""
        slicers = get_current_items(self.slicer_items, mode, self.network.epoch, self.network.ds_id)
        sanity_assert_slicers(slicers)
        return slicers

    def state(self, mode, index=0):
        return {"mode": mode, "epoch": self.network.epoch, "ds_id": self.network.ds_id, "index": index}

    def first_slice(self, batch, mode):
        """The first mini-batch of `batch` in `mode` (the batch itself when no Slicer runs): what one step sees."""
        slicers = self.slicers(mode)
        if not slicers:
            return batch
        return forward_slicers(slicers, {key: to_numpy(value) for key, value in batch.items()})[0]

    def finish(self, mode, parts, original, index):
        """One batch dict from the bus values of a batch's steps: un-sliced, then post-processed."""
        slicers = self.slicers(mode)
        batch = reverse_slicers(slicers, parts, original) if slicers else dict(parts[0])
        run_pops(self.pops(mode), batch, self.state(mode, index))
        return batch

    def predict(self, x, batch_size):
        """The "infer" outputs of every batch of `x`, each batch run slice by slice and post-processed, concatenated
        along the batch axis."""
        slicers, outputs = self.slicers("infer"), collections.defaultdict(list)
        for index, batch in enumerate(batches(self.network, x, batch_size)):
            pieces = forward_slicers(slicers, batch) if slicers else [batch]
            if index == 0:
                self.network.check_step_batch(pieces[0], "infer")
            parts = [{key: to_numpy(value) for key, value in self.network.predict_on_batch(piece).items()}
                     for piece in pieces]
            for key, value in self.finish("infer", parts, batch, index).items():
                outputs[key].append(value)
        return {key: np.concatenate(values) if np.ndim(values[0]) else np.asarray(values)
                for key, values in outputs.items()}

    def run(self, mode, x, batch_size, steps, callbacks):
        """(data, steps, callbacks) for one `fit` / `evaluate` of `mode`: with Slicers the data gives one
        mini-batch per element and `steps` counts them; the callbacks see one batch per batch of `x`."""
        slicers = self.slicers(mode)
        queue = collections.deque()
        if steps is None and isinstance(x, dict) and slicers:  # a known length: no probing step past the end
            steps = -(-len(next(iter(x.values()))) // (batch_size or 32))
        if not slicers:
            return x, steps, HostCallbacks(callbacks, self, mode, queue, sliced=False)

        def pieces():
            expected = None
            for batch in batches(self.network, x, batch_size):
                sliced = forward_slicers(slicers, batch)
                if steps is not None and expected is not None and len(sliced) != expected:
                    raise DataError(f"{self.network.name}: the Slicers cut a batch of mode '{mode}' into "
                                    f"{len(sliced)} slices, and the first into {expected}; with a known number of "
                                    "steps every batch must give as many slices")
                expected = len(sliced)
                queue.append((batch, len(sliced)))
                yield from sliced

        generator = pieces()
        first = next(generator)
        return _chain(first, generator), None if steps is None else steps * queue[0][1], \
            HostCallbacks(callbacks, self, mode, queue, sliced=True)


def _chain(first, rest):
    yield first
    yield from rest


class HostCallbacks(keras.callbacks.CallbackList):
    """The callbacks of one `fit` / `evaluate` of a Network with Slicers or pops: batch hooks run once per batch,
    on the bus values of its steps put back together and post-processed; every other hook as it is.

    Args:
        callbacks: the callbacks (a `CallbackList` or a list) to forward to.
        stage: the Network's `HostStage`.
        mode: the mode of the run.
        queue: (original batch, slice count) of each batch cut so far and not yet put back together.
        sliced: whether the steps run on slices (else one step per batch, its logs post-processed).
    """

    def __init__(self, callbacks, stage, mode, queue, sliced):
        inner = callbacks.callbacks if isinstance(callbacks, keras.callbacks.CallbackList) else list(callbacks or [])
        super().__init__(inner, add_history=not isinstance(callbacks, keras.callbacks.CallbackList),
                         model=stage.network)
        self.stage, self.mode, self.queue, self.sliced = stage, mode, queue, sliced
        self.pending, self.batch_index = [], 0

    def on_epoch_begin(self, epoch, logs=None):
        self.batch_index = 0
        super().on_epoch_begin(epoch, logs)

    def on_test_begin(self, logs=None):
        self.batch_index = 0
        super().on_test_begin(logs)

    def on_train_batch_begin(self, batch, logs=None):
        if not self.pending:
            super().on_train_batch_begin(self.batch_index if self.sliced else batch, logs)

    def on_test_batch_begin(self, batch, logs=None):
        if not self.pending:
            super().on_test_batch_begin(self.batch_index if self.sliced else batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        logs = self._gather(batch, logs)
        if logs is not None:
            super().on_train_batch_end(self.batch_index - 1 if self.sliced else batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        logs = self._gather(batch, logs)
        if logs is not None:
            super().on_test_batch_end(self.batch_index - 1 if self.sliced else batch, logs)

    def _gather(self, index, logs):
        """The logs of a whole batch once its last step ran (None before)."""
        self.pending.append(logs or {})
        if self.sliced:
            original, count = self.queue[0]
            if len(self.pending) < count:
                return None
            self.queue.popleft()
        else:
            original = {}
        parts = [{key[len(BUS_PREFIX):]: to_numpy(value) for key, value in step.items() if key.startswith(BUS_PREFIX)}
                 for step in self.pending]
        merged = {key: value for key, value in self.pending[-1].items() if not key.startswith(BUS_PREFIX)}
        batch = self.stage.finish(self.mode, parts, original, self.batch_index if self.sliced else index)
        merged.update({BUS_PREFIX + key: value for key, value in batch.items()})
        self.pending, self.batch_index = [], self.batch_index + 1
        return merged
