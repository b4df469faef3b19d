"""Turning a data source into the batches of one epoch: per-sample ops, collation, per-batch ops."""
import math

import numpy as np

from kerasfe.dataset.numpy_dataset import NumpyDataset
from kerasfe.errors import DataError, KerasfeError, MissingKeyError
from kerasfe.op.numpyop.numpyop import RemoveIf, RemoveSample, run_batch_op
from kerasfe.op.numpyop.state import SampleState
from kerasfe.pipeline.collate import collate, stackable
from kerasfe.pipeline.engines.tf_data import recording_errors
from kerasfe.pipeline.finite import check_finite
from kerasfe.pipeline.sharding import Shard


class BatchPlan:
    """What makes a batch in one mode and epoch: the per-sample ops, the batching settings, the per-batch ops.

    `moved`: the batch ops are the trailing ops of a list with no `Batch` op, so on samples whose shapes
    differ (which cannot be stacked before them) they run on each sample, as a batch of one, instead.
    """

    def __init__(self, sample_ops, batch_ops, batch_size, drop_last=False, pad_value=None, collate_fn=None,
                 moved=False):
        self.sample_ops, self.batch_ops, self.moved = sample_ops, batch_ops, moved
        self.batch_size, self.drop_last, self.pad_value, self.collate_fn = batch_size, drop_last, pad_value, collate_fn


class SampleRunner:
    """Runs the per-sample ops on one sample; errors name the op, the key, the mode and the sample index.

    Returns the transformed sample dict, or None when a `RemoveIf` dropped it. With `check_finite`, `checked` raises
    on a batch whose float values hold NaN or infinity (see `kerasfe.pipeline.finite`).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop import Minmax
        >>> runner = SampleRunner([Minmax(inputs="x", outputs="x")], mode="train", seed=0, epoch=1)
        >>> runner({"x": np.array([1.0, 3.0])}, index=0)["x"].tolist()
        [0.0, 1.0]
        >>> runner({"image": np.array([1.0])}, index=7)
        Traceback (most recent call last):
        ...
        kerasfe.errors.MissingKeyError: Minmax on sample 7 of the train data needs key 'x' in mode 'train', but the batch only has ['image']
    """

    def __init__(self, ops, mode, seed, epoch, ds_id=None, check_finite=False):
        self.ops, self.mode, self.seed, self.epoch, self.ds_id = ops, mode, seed, epoch, ds_id
        self.check_finite = check_finite
        self.where = f"the {mode} data" + ("" if ds_id is None else f" '{ds_id}'")

    def __call__(self, sample, index):
        sample = dict(sample)
        state = SampleState(self.mode, self.seed, self.epoch, index, self.ds_id)
        op = None
        try:
            for op in self.ops:
                op.apply(sample, state)
        except RemoveSample:
            return None
        except MissingKeyError as error:
            raise MissingKeyError(owner=f"{error.owner} on sample {index} of {self.where}", key=error.key,
                                  mode=error.mode, available=error.available) from None
        except KerasfeError as error:
            raise type(error)(f"{error} (sample {index} of {self.where})") from None
        except Exception as error:
            raise DataError(f"{op.describe()} failed on key(s) {op.inputs} of sample {index} of {self.where} (mode "
                            f"'{self.mode}'): {type(error).__name__}: {error}") from error
        return sample

    def checked(self, batch, batch_index):
        """The finished batch `batch_index` of the epoch, checked for NaN and infinity when `check_finite`."""
        if self.check_finite:
            with recording_errors():  # on TensorFlow Keras reads the batches through tf.data
                check_finite(batch, "Pipeline", self.mode, batch_index, self.epoch, self.ds_id)
        return batch

    def finish(self, samples, ids, plan, batch_index):
        """Collates transformed samples and runs the per-batch ops."""
        if plan.collate_fn is not None:
            return self.run_batch_ops(plan.collate_fn(samples), plan, batch_index)
        if plan.moved and plan.batch_ops and not stackable(samples):
            state = self._batch_state(batch_index)
            singles = [{key: np.asarray(value)[None] for key, value in sample.items()} for sample in samples]
            singles = [self._run_batch_ops(single, plan, batch_index, state) for single in singles]
            return collate([{key: value[0] for key, value in single.items()} for single in singles], ids,
                           plan.pad_value, self.where)
        return self.run_batch_ops(collate(samples, ids, plan.pad_value, self.where), plan, batch_index)

    def run_batch_ops(self, batch, plan, batch_index):
        """Runs the per-batch ops (`forward_batch`) on a collated batch."""
        if plan.batch_ops:
            self._run_batch_ops(batch, plan, batch_index, self._batch_state(batch_index))
        return batch

    def _batch_state(self, batch_index):
        return SampleState(self.mode, self.seed, self.epoch, -1 - batch_index, self.ds_id)

    def _run_batch_ops(self, batch, plan, batch_index, state):
        op = None
        try:
            for op in plan.batch_ops:
                run_batch_op(op, batch, state)
        except MissingKeyError as error:
            raise MissingKeyError(owner=f"{error.owner} on batch {batch_index} of {self.where}",
                                  key=error.key, mode=error.mode, available=error.available) from None
        except KerasfeError as error:
            raise type(error)(f"{error} (batch {batch_index} of {self.where})") from None
        except Exception as error:
            raise DataError(f"{op.describe()} failed on key(s) {op.inputs} of batch {batch_index} of {self.where} "
                            f"(mode '{self.mode}'): {type(error).__name__}: {error}") from error
        return batch


class EpochBatches:
    """The batches of one epoch of a map-style (or batch-giving) source, by index: `len()` and `batches[i]`.

    Train batches follow a permutation seeded by (seed, epoch); other modes keep the data set order. A
    NumpyDataset with no per-sample op is cut with one gather per key per batch. `plan.batch_size` is the
    global batch; `shard` (a `Shard`, default: the only process) is the block of each one this process reads.
    With `steps` larger than one pass gives, the epoch is extended to exactly `steps` full batches by further
    passes over the data (each train pass its own permutation), as FastEstimator's `train_steps_per_epoch`.

    Example:
        >>> import numpy as np
        >>> from kerasfe.dataset import NumpyDataset
        >>> plan = BatchPlan(sample_ops=[], batch_ops=[], batch_size=4)
        >>> batches = EpochBatches(NumpyDataset({"x": np.arange(10)}), plan, SampleRunner([], "eval", 0, 1), False)
        >>> len(batches), batches[2]["x"].tolist()
        (3, [8, 9])
        >>> second_of_two = EpochBatches(NumpyDataset({"x": np.arange(10)}), plan, SampleRunner([], "eval", 0, 1),
        ...                              False, shard=Shard(index=1, count=2))
        >>> [second_of_two[i]["x"].tolist() for i in range(len(second_of_two))]
        [[2, 3], [6, 7], [9]]
        >>> extended = EpochBatches(NumpyDataset({"x": np.arange(10)}), plan, SampleRunner([], "eval", 0, 1), False,
        ...                         steps=4)
        >>> len(extended), extended[2]["x"].tolist(), extended[3]["x"].tolist()
        (4, [8, 9, 0, 1], [2, 3, 4, 5])
    """

    def __init__(self, source, plan, runner, shuffle, shard=None, steps=None):
        self.source, self.plan, self.runner, self.shuffle = source, plan, runner, shuffle
        self.shard = Shard() if shard is None else shard
        self.batch_source = hasattr(source, "get_batch")
        ragged = isinstance(source, NumpyDataset) and any(values.dtype == object for values in source.data.values())
        self.fast = (isinstance(source, NumpyDataset) and not plan.sample_ops and plan.collate_fn is None
                     and not (ragged and (plan.batch_ops or plan.pad_value is not None)))  # object arrays get padded
        if self.batch_source:
            self.size = source.num_batches(plan.batch_size)
            return
        count = len(source)
        size = count // plan.batch_size if plan.drop_last else math.ceil(count / plan.batch_size)
        passes = 1 if steps is None or steps <= size or not count else math.ceil(steps * plan.batch_size / count)
        seeds = [(runner.seed, runner.epoch)] + [(runner.seed, runner.epoch, extra) for extra in range(1, passes)]
        self.order = np.concatenate([np.random.default_rng(seed).permutation(count) if shuffle else np.arange(count)
                                     for seed in seeds])
        if passes > 1:
            self.size = self.shard.batches(steps, last_size=plan.batch_size)
        else:
            self.size = self.shard.batches(size, last_size=count - (size - 1) * plan.batch_size)

    def __len__(self):
        return self.size

    def __call__(self, index):
        return self[index]

    def __getitem__(self, index):
        plan, runner = self.plan, self.runner
        if self.batch_source:
            pairs = self.source.get_batch(index, plan.batch_size, runner.seed, runner.epoch, self.shuffle)
            return self._transform(self.shard.block(list(pairs)), index)
        rows = self.shard.block(self.order[index * plan.batch_size:(index + 1) * plan.batch_size])
        if self.fast:
            return runner.checked(runner.run_batch_ops(self.source.gather(rows), plan, index), index)
        return self._transform(((int(i), self.source[int(i)]) for i in rows), index, refill_from=index + 1)

    def _transform(self, pairs, index, refill_from=None):
        samples, ids = [], []
        for sample_id, sample in pairs:
            sample = self.runner(sample, sample_id)
            if sample is not None:
                samples.append(sample)
                ids.append(sample_id)
        if not samples and refill_from is not None:
            samples, ids = self._refill(refill_from * self.plan.batch_size)
        if not samples:
            raise DataError(f"Pipeline: RemoveIf removed every sample of batch {index} of {self.runner.where}")
        return self.runner.checked(self.runner.finish(samples, ids, self.plan, index), index)

    def _refill(self, start):
        for position in range(start, start + len(self.order)):
            sample_id = int(self.order[position % len(self.order)])
            sample = self.runner(self.source[sample_id], sample_id)
            if sample is not None:
                return [sample], [sample_id]
        return [], []


class StreamBatches:
    """The batches of an iterable source (a generator function, a grain IterDataset, a replayed iterator),
    read in order, from the start, by every iteration; at most `max_batches` of them, reading no sample
    beyond the last batch. Of several processes (`shard`), each reads the whole source, runs the per-sample
    ops on every sample (so that removed samples change every process's batches alike) and keeps its block
    of each global batch.

    Example:
        >>> plan = BatchPlan(sample_ops=[], batch_ops=[], batch_size=2)
        >>> batches = StreamBatches([{"x": i} for i in range(5)], plan, SampleRunner([], "train", 0, 1))
        >>> [b["x"].tolist() for b in batches], [b["x"].tolist() for b in StreamBatches(range(0), plan, None)]
        ([[0, 1], [2, 3], [4]], [])
        >>> [b["x"].tolist() for b in StreamBatches([{"x": i} for i in range(5)], plan, SampleRunner([], "train", 0, 1),
        ...                                         shard=Shard(index=1, count=2))]
        [[1], [3]]
    """

    def __init__(self, source, plan, runner, max_batches=None, shard=None):
        self.source, self.plan, self.runner, self.max_batches = source, plan, runner, max_batches
        self.shard = Shard() if shard is None else shard

    def __iter__(self):
        samples, ids = [], []
        batch_index = 0
        if self.max_batches == 0:
            return
        for sample_id, sample in enumerate(self.source):
            sample = self.runner(sample, sample_id)
            if sample is None:
                continue
            samples.append(sample)
            ids.append(sample_id)
            if len(samples) == self.plan.batch_size:
                yield self._finish(samples, ids, batch_index)
                samples, ids, batch_index = [], [], batch_index + 1
                if batch_index == self.max_batches:
                    return
        if len(samples) >= self.shard.count and not self.plan.drop_last:
            yield self._finish(samples, ids, batch_index)

    def _finish(self, samples, ids, batch_index):
        batch = self.runner.finish(self.shard.block(samples), self.shard.block(ids), self.plan, batch_index)
        return self.runner.checked(batch, batch_index)


def removes_samples(ops):
    """Whether any of the ops (or an op they wrap) is a `RemoveIf`, so batches may hold fewer samples.

    Example:
        >>> from kerasfe.op.numpyop import Minmax, RemoveIf, Sometimes
        >>> removes_samples([Minmax(inputs="x")]), removes_samples([Sometimes(RemoveIf(fn=bool, inputs="x"))])
        (False, True)
    """
    for op in ops:
        wrapped = getattr(op, "ops", None) or ([op.op] if hasattr(op, "op") else [])
        if isinstance(op, RemoveIf) or removes_samples(wrapped):
            return True
    return False
