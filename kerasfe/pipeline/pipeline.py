"""Pipeline: data sources -> per-sample NumpyOps -> batches -> an engine (grain or tf.data) for Network.fit."""
import itertools
import os
import time

import grain
import numpy as np

from kerasfe import distribute
from kerasfe.pipeline.engines import tf_data
from kerasfe.errors import ConfigError, DataError, WrongTypeError
from kerasfe.op.numpyop.batch import Batch
from kerasfe.op.numpyop.numpyop import NumpyOp, run_batch_op
from kerasfe.op.numpyop.state import SampleState
from kerasfe.op.op import as_list, running_ds_id
from kerasfe.op.tensorop.tensorop import TensorOp
from kerasfe.pipeline.batching import BatchPlan, EpochBatches, SampleRunner, StreamBatches, removes_samples
from kerasfe.pipeline.collate import collate, stackable
from kerasfe.pipeline.engines.grain import BatchLoader
from kerasfe.pipeline.epoch_length import numpy_batches
from kerasfe.pipeline.sharding import Shard
from kerasfe.pipeline.source import is_endless, is_map_style, parse_mode_data
from kerasfe.reproducibility import default_pipeline_seed
from kerasfe.schedule import get_all_values, get_current_items, get_current_value, get_signature_epochs

DATA_MODES = ("train", "eval", "test")
ENGINES = ("grain", "tf.data")


class Pipeline:
    """Turns the train / eval / test data into batches: per-sample NumpyOps in worker threads, then batching.

    Train batches of a map-style source are shuffled every epoch (a permutation seeded by `seed` and the
    epoch); eval and test keep the data set order. Random ops draw from a generator seeded by (seed,
    epoch, sample index), so two runs with one seed give the same batches, on either engine and with
    any number of workers.

    Sources of unknown length (a tf.data.Dataset after `.filter`, a grain IterDataset, any iterable, a
    generator) are read in their own order (shuffle them yourself) until they run out, every epoch:
    each epoch reads a tf.data.Dataset, a grain dataset or an iterable whose `iter()` starts over from
    its start, and calls a function (a generator function, `lambda: make_samples()`) anew. A one-shot
    iterator (a generator object) is read once and its samples are kept in memory (like tf.data's
    `cache()`), so later epochs, `get_results` and the Estimator's smoke test replay them; pass a
    generator function instead when they do not fit in memory. A source that never ends (a
    tf.data.Dataset of infinite cardinality, e.g. after `.repeat()`; a grain MapDataset repeated without
    end) needs a step limit per epoch: `Estimator(max_train_steps_per_epoch=...,
    max_eval_steps_per_epoch=...)` or `get_loader(max_steps=...)`; without one that is a ConfigError
    before the first step. An endless iterable cannot be recognized, so its epochs never end without
    that limit.

    Args:
        train_data, eval_data, test_data: a dict of numpy arrays (key -> array of samples), a map-style
            data set (`len` and `[index]` -> sample dict; kerasfe's or a grain MapDataset), a
            `BatchDataset` / `InterleaveDataset`, a `tf.data.Dataset` of dicts, a grain IterDataset, an
            iterable of sample dicts, a function returning one (a generator function), or a generator
            object (read once, then replayed); or an `EpochScheduler` / `RepeatScheduler` of those; eval
            and test data may also be a dict {ds_id: data} of several data sets.
        batch_size: an int, a dict {mode: int}, or a scheduler of either. A batched tf.data.Dataset with
            no ops needs none. Under distribution it is the global batch: each of the N training processes
            reads its own `batch_size // N` samples of every batch (`kerasfe.pipeline.sharding`).
        ops: NumpyOps (or schedulers of them), run in order on every sample of the modes they belong to.
            Trailing ops that have a batch form (`forward_batch`: the array ops, flips, pads, crops,
            CoarseDropout, Sometimes of those) run once per batch instead (not when padding).
            A `Batch` op in the list sets where batching happens.
        num_process: worker threads computing batches ahead (None: every core; 0: none).
        pad_value: pad arrays whose shapes differ within a batch with this value (None: error).
        drop_last: drop the last, smaller batch of each epoch.
        engine: "grain" (default; no TensorFlow needed) or "tf.data". A tf.data.Dataset source always
            runs on tf.data.
        seed: the seed of shuffling and random ops; by default `fe.enable_deterministic`'s seed, else drawn
            from numpy's global generator (by the chief process, under distribution: every process shares it).

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop import Minmax
        >>> pipeline = Pipeline(train_data={"x": np.arange(20.0).reshape(10, 2), "y": np.arange(10)},
        ...                     batch_size=4, ops=[Minmax(inputs="x", outputs="x")], seed=0)
        >>> batches = pipeline.get_results("train", num_steps=3)
        >>> [tuple(batch["x"].shape) for batch in batches], batches[0]["x"][0].tolist()
        ([(4, 2), (4, 2), (2, 2)], [0.0, 1.0])
    """

    def __init__(self, train_data=None, eval_data=None, test_data=None, batch_size=None, ops=None,
                 num_process=None, pad_value=None, drop_last=False, engine="grain", seed=None):
        self.data = {mode: parse_mode_data(mode, value)
                     for mode, value in zip(DATA_MODES, (train_data, eval_data, test_data)) if value is not None}
        self.ops = as_list(ops)
        for item in self.ops:
            for op in get_all_values(item):
                if not isinstance(op, NumpyOp):
                    raise WrongTypeError(f"Pipeline ops must be NumpyOps; got {type(op).__name__}"
                                         + (" (a TensorOp belongs in the Network)" if isinstance(op, TensorOp) else ""))
        self.batch_size = batch_size
        _check_batch_size(batch_size)
        if engine not in ENGINES:
            raise ConfigError(f"Pipeline: engine must be one of {list(ENGINES)}; got {engine!r}")
        if num_process is not None and (not isinstance(num_process, int) or num_process < 0):
            raise ConfigError(f"Pipeline: num_process must be None or an int >= 0; got {num_process!r}")
        self.num_process = (os.cpu_count() or 1) if num_process is None else num_process
        self.pad_value, self.drop_last, self.engine = pad_value, drop_last, engine
        seed = default_pipeline_seed() if seed is None else seed
        # a drawn seed is the chief's on every process, so the processes' shards split one shuffle
        self.seed = distribute.chief_value(int(np.random.randint(2 ** 31))) if seed is None else int(seed)

    def modes(self):
        """The modes that have data."""
        return [mode for mode in DATA_MODES if mode in self.data]

    def get_ds_ids(self, mode):
        """The data set ids of `mode`: [None] for a single data set."""
        return list(self._mode_data(mode))

    def get_signature_epochs(self, total_epochs):
        """The epochs (1..total_epochs) where the scheduled ops, batch sizes or data sets may change."""
        items = list(self.ops) + [self.batch_size]
        items += [value for value in get_all_values(self.batch_size) if isinstance(value, dict)
                  for value in value.values()]
        items += [source for by_id in self.data.values() for source in by_id.values()]
        return get_signature_epochs(items, total_epochs)

    def get_loader(self, mode, epoch=1, ds_id=None, max_steps=None, shard=None, start=0, extend=False,
                   check_finite=False):
        """The batches of `mode` in `epoch` in a form `keras.Model.fit` / `evaluate` reads on every backend.

        A `BatchLoader` (a keras PyDataset of known length) on grain, a `tf.data.Dataset` on tf.data, a
        generator of batches for an iterable source on grain; `num_batches(loader)` says how many
        batches it gives (None: unknown until read). At most `max_steps` batches are read (None: the
        whole epoch); a source that never ends needs it. `shard` (a `Shard`; default: this process among the
        training processes) is the block of every global batch read. With `start` > 0 the loader begins at batch
        `start` of the epoch (its batches are those of the whole epoch from there on, same shuffle; a resumed run
        reads the rest of an epoch so); a map-style source computes no batch before it. With `extend`, an epoch of a
        map-style source with fewer than `max_steps` batches is extended to exactly `max_steps` by further passes
        (FastEstimator's `train_steps_per_epoch`); other sources can only be cut short. With `check_finite` (the
        Estimator's loaders) every batch is checked as it is made: a float value holding NaN or infinity raises a
        `DataError` naming the key, the mode, the epoch, the batch and the sample (`kerasfe.pipeline.finite`).

        Example:
            >>> import tensorflow as tf
            >>> from kerasfe.pipeline import num_batches
            >>> pipeline = Pipeline(train_data=tf.data.Dataset.range(10).repeat().map(lambda i: {"x": i}),
            ...                     batch_size=4)
            >>> num_batches(pipeline.get_loader("train", max_steps=3))
            3
            >>> pipeline.get_loader("train")  # doctest: +ELLIPSIS
            Traceback (most recent call last):
            ...
            kerasfe.errors.ConfigError: Pipeline: the train data never runs out (a tf.data.Dataset of ...
        """
        self.check_epoch_end(mode, max_steps, epoch, ds_id)
        return self._loader(mode, epoch, ds_id, max_steps, shard, start, extend, check_finite)

    def check_epoch_end(self, mode, max_steps=None, epoch=1, ds_id=None):
        """Raises a ConfigError when the data of `mode` never runs out and no `max_steps` ends its epochs.

        Example:
            >>> import grain
            >>> pipeline = Pipeline(eval_data=grain.MapDataset.range(4).repeat(), batch_size=2)
            >>> pipeline.check_epoch_end("eval", max_steps=10)
            >>> pipeline.check_epoch_end("eval")  # doctest: +ELLIPSIS
            Traceback (most recent call last):
            ...
            kerasfe.errors.ConfigError: Pipeline: the eval data never runs out (a grain MapDataset ...
        """
        source = self._source(mode, epoch, ds_id)
        if max_steps is None and is_endless(source):
            kind = ("a tf.data.Dataset of infinite cardinality" if tf_data.is_tf_dataset(source)
                    else "a grain MapDataset repeated without end")
            limit = "max_train_steps_per_epoch" if mode == "train" else "max_eval_steps_per_epoch"
            name = f"{mode} data" if ds_id is None else f"{mode} data set '{ds_id}'"
            raise ConfigError(f"Pipeline: the {name} never runs out ({kind}), so its epochs need a step "
                              f"limit: Estimator({limit}=...) or get_loader(..., max_steps=...)")

    def get_results(self, mode="train", num_steps=1, epoch=1, ds_id=None, shard=None):
        """The first `num_steps` batches of `mode`, as a list of dicts of numpy arrays (for debugging).
        It uses up no data: a one-shot iterator source replays what it read. `shard`: as in `get_loader`
        (e.g. `Shard(index=1, count=2)`: what the second of two processes reads).

        Example:
            >>> import numpy as np
            >>> from kerasfe.pipeline.sharding import Shard
            >>> pipeline = Pipeline(eval_data={"x": np.arange(8)}, batch_size=4)
            >>> [batch["x"].tolist() for batch in pipeline.get_results("eval", 2, shard=Shard(index=1, count=2))]
            [[2, 3], [6, 7]]
        """
        with tf_data.original_errors():
            return list(numpy_batches(self._loader(mode, epoch, ds_id, max_steps=num_steps, shard=shard)))

    def first_batch(self, mode="train", epoch=1, ds_id=None):
        """The first batch of `mode` (as `get_results` gives it), or a DataError when the data gives none.

        Example:
            >>> import numpy as np
            >>> Pipeline(train_data={"x": np.zeros(3)}, batch_size=4, drop_last=True).first_batch()
            Traceback (most recent call last):
            ...
            kerasfe.errors.DataError: Pipeline: the train data gives no batch in mode 'train' (epoch 1): it has 3 \
samples, batch_size 4, drop_last=True; fix: give it more samples, a smaller batch_size, or drop_last=False
        """
        batches = self.get_results(mode, num_steps=1, epoch=epoch, ds_id=ds_id)
        if not batches:
            source = self._source(mode, epoch, ds_id)
            plan = self._plan(self._ops(mode, epoch, ds_id), mode, epoch, tf_source=tf_data.is_tf_dataset(source),
                              batch_source=hasattr(source, "get_batch"))
            size = f"{len(source)} samples" if is_map_style(source) else "no samples"
            raise DataError(f"Pipeline: the {mode} data gives no batch in mode '{mode}' (epoch {epoch}): it has "
                            f"{size}, batch_size {plan.batch_size}, drop_last={plan.drop_last}; fix: give it more "
                            "samples, a smaller batch_size, or drop_last=False")
        return batches[0]

    def transform(self, sample, mode, epoch=1, ds_id=None):
        """Runs the ops of `mode` on one sample dict; returns a batch of one (for inference).

        Example:
            >>> import numpy as np
            >>> from kerasfe.op.numpyop import ExpandDims, Minmax
            >>> pipeline = Pipeline(ops=[Minmax(inputs="x", outputs="x"), ExpandDims(inputs="x", outputs="x")])
            >>> pipeline.transform({"x": np.array([1.0, 3.0])}, mode="infer")["x"].tolist()
            [[[0.0], [1.0]]]
        """
        ops = self._ops(mode, epoch, ds_id)
        plan = self._plan(ops, mode, epoch, tf_source=False, batch_source=False)
        runner = SampleRunner(plan.sample_ops, mode, self.seed, epoch, ds_id)
        result = runner(sample, 0)
        if result is None:
            raise DataError(f"Pipeline.transform: a RemoveIf op removed the sample in mode '{mode}'")
        return runner.finish([result], [0], plan, 0)

    def benchmark(self, mode="train", epoch=1, num_steps=1000, log_interval=100, detailed=False, ds_id=None):
        """Prints the samples/s of `mode` every `log_interval` batches and returns the overall figure.

        With `detailed=True` it also times every op (run one after the other in this thread, on up to 200
        samples; ops that run once per batch are timed on those samples as one batch and marked
        "(per batch)") and prints its share. Returns {"samples_per_second": float} plus
        {"op_seconds": {op: seconds per sample}} when detailed.

        Example:
            >>> import numpy as np
            >>> from kerasfe.op.numpyop import Minmax
            >>> pipeline = Pipeline(train_data={"x": np.zeros((64, 4))}, batch_size=8, seed=0,
            ...                     ops=[Minmax(inputs="x", outputs="x")])
            >>> result = pipeline.benchmark(num_steps=4, log_interval=10, detailed=True)  # doctest: +ELLIPSIS
            FastEstimator-Benchmark (train): 32 samples in 4 steps, ... samples/s
            ...
            >>> sorted(result)
            ['op_seconds', 'samples_per_second']
        """
        loader = self._loader(mode, epoch, ds_id, max_steps=num_steps)
        start = interval_start = time.perf_counter()
        samples = interval_samples = steps = 0
        for steps, batch in enumerate(numpy_batches(loader), start=1):
            size = len(next(iter(batch.values())))
            samples, interval_samples = samples + size, interval_samples + size
            if steps % log_interval == 0:
                now = time.perf_counter()
                print(f"FastEstimator-Benchmark ({mode}): step {steps}, "
                      f"{interval_samples / (now - interval_start):.1f} samples/s", flush=True)
                interval_start, interval_samples = now, 0
        rate = samples / max(time.perf_counter() - start, 1e-9)
        print(f"FastEstimator-Benchmark ({mode}): {samples} samples in {steps} steps, {rate:.1f} samples/s")
        result = {"samples_per_second": rate}
        if detailed:
            result["op_seconds"] = self._time_ops(mode, epoch, ds_id)
        return result

    def _time_ops(self, mode, epoch, ds_id):
        source = self._source(mode, epoch, ds_id)
        if not is_map_style(source) or hasattr(source, "get_batch"):
            raise ConfigError("Pipeline.benchmark: detailed=True needs a map-style data set (len and [index])")
        plan = self._plan(self._ops(mode, epoch, ds_id), mode, epoch, tf_source=False, batch_source=False)
        ops = plan.sample_ops + plan.batch_ops
        seconds, samples = [0.0] * len(ops), []
        count = min(len(source), 200)
        for index in range(count):
            sample, state = dict(source[index]), SampleState(mode, self.seed, epoch, index, ds_id)
            for position, op in enumerate(plan.sample_ops):
                start = time.perf_counter()
                op.apply(sample, state)
                seconds[position] += time.perf_counter() - start
            samples.append(sample)
        if plan.batch_ops:  # as the Pipeline runs them: once on the stacked samples, or per sample when ragged
            groups = ([collate(samples, list(range(count)))] if stackable(samples)
                      else [{key: np.asarray(value)[None] for key, value in sample.items()} for sample in samples])
            state = SampleState(mode, self.seed, epoch, -1, ds_id)
            for group in groups:
                for position, op in enumerate(plan.batch_ops, start=len(plan.sample_ops)):
                    start = time.perf_counter()
                    run_batch_op(op, group, state)
                    seconds[position] += time.perf_counter() - start
        total = max(sum(seconds), 1e-12)
        per_op = {}
        for position, (op, spent) in enumerate(zip(ops, seconds)):
            name = op.describe() + (" (per batch)" if position >= len(plan.sample_ops) else "")
            per_op[name] = spent / count
            print(f"  {name:<40}{1e6 * spent / count:>10.1f} us/sample{100 * spent / total:>7.1f}%")
        return per_op

    def _mode_data(self, mode):
        if mode not in self.data:
            raise ConfigError(f"Pipeline has no data for mode '{mode}'; it has {self.modes()}")
        return self.data[mode]

    def _source(self, mode, epoch, ds_id):
        by_id = self._mode_data(mode)
        if ds_id is None and len(by_id) > 1:
            raise ConfigError(f"Pipeline: {mode}_data holds several data sets {list(by_id)}; pass ds_id")
        if ds_id not in by_id and not (ds_id is not None and list(by_id) == [None]):
            raise ConfigError(f"Pipeline: {mode}_data has no data set '{ds_id}'; it has {list(by_id)}")
        source = get_current_value(by_id.get(ds_id, by_id.get(None)), epoch)
        if source is None:
            raise ConfigError(f"Pipeline: the {mode} data is scheduled to nothing in epoch {epoch}")
        return source

    def _ops(self, mode, epoch, ds_id):
        return get_current_items(self.ops, mode, epoch, running_ds_id(ds_id))

    def _loader(self, mode, epoch, ds_id, max_steps, shard=None, start=0, extend=False, check_finite=False):
        source, ops = self._source(mode, epoch, ds_id), self._ops(mode, epoch, ds_id)
        shard = Shard.of_this_process() if shard is None else shard
        is_tf = tf_data.is_tf_dataset(source)
        plan = self._plan(ops, mode, epoch, tf_source=is_tf, batch_source=hasattr(source, "get_batch"))
        if plan.batch_size is not None:
            shard.batch_size(plan.batch_size, f"the {mode} data in epoch {epoch}")
        runner = SampleRunner(plan.sample_ops, mode, self.seed, epoch, ds_id, check_finite=check_finite)
        if is_tf:
            if not plan.sample_ops and plan.batch_size is None:
                batched = _take(tf_data.shard_batches(source, shard), max_steps)
            else:
                batched = tf_data.map_samples(source, runner, self._need_batch_size(plan, mode), plan.drop_last,
                                              plan.pad_value, may_remove=removes_samples(plan.sample_ops))
                batched = _take(tf_data.shard_batches(batched, shard, may_be_short=not plan.drop_last), max_steps)
            return tf_data.checked_batches(batched, runner, start) if check_finite else batched.skip(start)
        if not is_map_style(source):
            self._need_batch_size(plan, mode)
            batches = StreamBatches(source, plan, runner, max_steps, shard)
            if self.engine == "tf.data":
                return tf_data.iterable_dataset(batches).skip(start)
            return _from(batches, start)
        if not hasattr(source, "get_batch"):
            self._need_batch_size(plan, mode)
        batches = EpochBatches(source, plan, runner, shuffle=(mode == "train"), shard=shard,
                               steps=max_steps if extend else None)
        count = len(batches) if max_steps is None else min(len(batches), max_steps)
        if self.engine == "tf.data":
            return tf_data.batches_dataset(batches, variable_shapes=plan.pad_value is not None
                                           or plan.collate_fn is not None, indices=range(start, count))
        threads = 0 if batches.fast and not plan.batch_ops else self.num_process
        return BatchLoader(grain.MapDataset.range(start, count).map(batches), num_threads=threads)

    def _plan(self, ops, mode, epoch, tf_source, batch_source):
        size = get_current_value(self.batch_size, epoch)
        size = get_current_value(size.get(mode), epoch) if isinstance(size, dict) else size
        settings = {"batch_size": size, "drop_last": self.drop_last, "pad_value": self.pad_value, "collate_fn": None}
        marks = [index for index, op in enumerate(ops) if isinstance(op, Batch)]
        if len(marks) > 1:
            raise ConfigError(f"Pipeline: {len(marks)} Batch ops run in mode '{mode}', epoch {epoch}; use one")
        if marks:
            batch_op = ops[marks[0]]
            settings.update({name: getattr(batch_op, name) for name in ("batch_size", "pad_value", "collate_fn")
                             if getattr(batch_op, name) is not None})
            settings["drop_last"] = batch_op.drop_last or self.drop_last
            sample_ops, batch_ops = ops[:marks[0]], ops[marks[0] + 1:]
            for op in batch_ops:
                if not op.has_batch_form():
                    raise ConfigError(f"Pipeline: {op.describe()} comes after Batch but has no forward_batch; move "
                                      "it before Batch")
        else:
            sample_ops, batch_ops = list(ops), []
            while sample_ops and settings["pad_value"] is None and sample_ops[-1].has_batch_form():
                batch_ops.insert(0, sample_ops.pop())
            settings["moved"] = True
        if tf_source:
            sample_ops, batch_ops = sample_ops + batch_ops, []
        if batch_source:
            settings["batch_size"] = settings["batch_size"] or 1
        return BatchPlan(sample_ops, batch_ops, **settings)

    def _need_batch_size(self, plan, mode):
        if plan.batch_size is None:
            raise ConfigError(f"Pipeline: no batch_size for mode '{mode}'; give batch_size (an int, or a dict "
                              "{mode: int}) or a Batch op")
        return plan.batch_size


def _check_batch_size(batch_size):
    for value in get_all_values(batch_size):
        for size in (get_all_values(item) for item in value.values()) if isinstance(value, dict) else [[value]]:
            for item in size:
                if item is not None and (not isinstance(item, int) or isinstance(item, bool) or item < 1):
                    raise ConfigError(f"Pipeline: batch_size must be a positive int (or a dict / schedule of them); "
                                      f"got {batch_size!r}")


def _from(batches, start):
    """The batches from the one at index `start` on, as a generator (what Keras reads from an iterable source)."""
    yield from itertools.islice(batches, start, None)


def _take(dataset, max_steps):
    return dataset if max_steps is None else dataset.take(max_steps)
