"""The tf.data engine of the Pipeline: the only module outside the step modules that imports TensorFlow
(lazily, when a tf.data engine is asked for or a tf.data.Dataset is given)."""
import contextlib

import numpy as np

from kerasfe.errors import DataError, KerasfeError, WrongTypeError


class _Raised:
    """The last kerasfe error raised inside this engine's `tf.numpy_function`s: TensorFlow hands such an error
    on as its own `InvalidArgumentError`, which `original_errors` turns back into it."""
    error = None


@contextlib.contextmanager
def recording_errors():
    """Within it, a kerasfe error raised is recorded for `original_errors` (code that TensorFlow may run inside
    tf.data: this engine's `tf.numpy_function`s, and the Pipeline's batch checks, which Keras reads through a
    `tf.data` generator on TensorFlow).

    Example:
        >>> with original_errors(), recording_errors():
        ...     raise DataError("batch 3 is broken")
        Traceback (most recent call last):
        ...
        kerasfe.errors.DataError: batch 3 is broken
    """
    try:
        yield
    except KerasfeError as error:
        _Raised.error = error
        raise


@contextlib.contextmanager
def original_errors():
    """Within it, a TensorFlow error raised for a kerasfe error of the pipeline (a `DataError` of an op on a
    sample, ...) inside tf.data is re-raised as that kerasfe error, so it has the same type on every backend.

    Example:
        >>> import tensorflow as tf
        >>> def failing(index):
        ...     with recording_errors():
        ...         raise DataError(f"sample {index} is broken")
        >>> dataset = tf.data.Dataset.range(1).map(lambda i: tf.numpy_function(failing, [i], tf.int64))
        >>> with original_errors():
        ...     list(dataset.as_numpy_iterator())
        Traceback (most recent call last):
        ...
        kerasfe.errors.DataError: sample 0 is broken
    """
    _Raised.error = None
    try:
        yield
    except Exception as error:
        raised, _Raised.error = _Raised.error, None
        if raised is not None and type(error).__module__.startswith("tensorflow"):
            raise raised from None
        raise


def is_tf_dataset(value):
    """Whether `value` is a tf.data.Dataset (checked without importing TensorFlow).

    Example:
        >>> is_tf_dataset({"x": [1]})
        False
    """
    return any(cls.__module__.startswith("tensorflow") and cls.__name__.endswith("Dataset")
               for cls in type(value).__mro__) and hasattr(value, "element_spec")


def is_endless_tf_dataset(dataset):
    """Whether a tf.data.Dataset is known to never run out (infinite cardinality, e.g. after `.repeat()`).

    Example:
        >>> import tensorflow as tf
        >>> is_endless_tf_dataset(tf.data.Dataset.range(3).repeat()), is_endless_tf_dataset(tf.data.Dataset.range(3))
        (True, False)
    """
    import tensorflow as tf
    return int(dataset.cardinality()) == tf.data.INFINITE_CARDINALITY


def tf_dataset_length(dataset):
    """The number of elements of a tf.data.Dataset, or None when tf.data cannot tell (after `.filter`, ...).

    Example:
        >>> import tensorflow as tf
        >>> numbers = tf.data.Dataset.range(3)
        >>> tf_dataset_length(numbers), tf_dataset_length(numbers.filter(lambda i: i > 0))
        (3, None)
    """
    length = int(dataset.cardinality())
    return length if length >= 0 else None


def batches_dataset(batches, variable_shapes=False, indices=None):
    """A tf.data.Dataset over `batches` (len + [index] -> dict of arrays), mapped in parallel and in order; only
    the batches of `indices` (a `range`; None: all of them).

    Example:
        >>> import numpy as np
        >>> dataset = batches_dataset([{"x": np.zeros((2, 3))}, {"x": np.ones((1, 3))}])
        >>> [tuple(batch["x"].shape) for batch in dataset.as_numpy_iterator()]
        [(2, 3), (1, 3)]
    """
    import tensorflow as tf
    keys, dtypes, shapes = _signature(batches[0], batch_axis=True, variable_shapes=variable_shapes)

    def read(index):
        with recording_errors():
            batch = batches[int(index)]
        return [_plain(batch[key], dtype) for key, dtype in zip(keys, dtypes)]

    def to_dict(index):
        values = tf.numpy_function(read, [index], dtypes, stateful=False)
        for value, shape in zip(values, shapes):
            value.set_shape(shape)
        return dict(zip(keys, values))

    indices = range(len(batches)) if indices is None else indices
    dataset = tf.data.Dataset.range(indices.start, indices.stop)
    return dataset.map(to_dict, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True).prefetch(tf.data.AUTOTUNE)


def map_samples(dataset, runner, batch_size, drop_last=False, pad_value=None, may_remove=True):
    """Runs `runner` (the per-sample ops) on each element (a dict) of a tf.data.Dataset, then batches.

    Samples the runner removes (it returns None) are filtered out, which makes the length unknown to
    tf.data; with `may_remove=False` (no op removes samples) the batches keep a known length. With
    `pad_value`, ragged samples are padded per batch.

    Example:
        >>> import numpy as np, tensorflow as tf
        >>> double = lambda sample, index: {"x": sample["x"] * 2}
        >>> dataset = map_samples(tf.data.Dataset.from_tensor_slices({"x": np.arange(3)}), double, batch_size=2)
        >>> [batch["x"].tolist() for batch in dataset.as_numpy_iterator()]
        [[0, 2], [4]]
    """
    import tensorflow as tf
    if not isinstance(dataset.element_spec, dict):
        raise WrongTypeError(f"Pipeline: a tf.data.Dataset source must yield dicts of tensors; it yields "
                             f"{type(dataset.element_spec).__name__}")
    in_keys = list(dataset.element_spec)
    first = next((sample for index, element in enumerate(dataset.take(16).as_numpy_iterator())
                  if (sample := runner(element, index)) is not None), None)
    if first is None:
        raise DataError("Pipeline: the ops removed the first 16 samples of the tf.data.Dataset; cannot infer shapes")
    keys, dtypes, shapes = _signature(first, batch_axis=False, variable_shapes=True)
    placeholder = [_plain(first[key], dtype) for key, dtype in zip(keys, dtypes)]

    def transform(index, *values):
        with recording_errors():
            sample = runner(dict(zip(in_keys, values)), int(index))
        if sample is None:
            return [np.False_] + placeholder
        return [np.True_] + [_plain(sample[key], dtype) for key, dtype in zip(keys, dtypes)]

    def call(index, element):
        values = tf.numpy_function(transform, [index] + [element[key] for key in in_keys], [tf.bool] + dtypes,
                                   stateful=False)
        for value, shape in zip(values[1:], shapes):
            value.set_shape(shape)
        return values[0], dict(zip(keys, values[1:]))

    samples = dataset.enumerate().map(call, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True)
    if may_remove:
        samples = samples.filter(_kept)
    samples = samples.map(_sample_of)
    if pad_value is None:
        batched = samples.batch(batch_size, drop_remainder=drop_last)
    else:
        padding = {key: tf.constant(pad_value, dtype) for key, dtype in zip(keys, dtypes)}
        batched = samples.padded_batch(batch_size, padding_values=padding, drop_remainder=drop_last)
    return batched.prefetch(tf.data.AUTOTUNE)


def iterable_dataset(batches):
    """A tf.data.Dataset over an iterable of batch dicts, re-read from its start by every iteration of the
    data set (its signature taken from the first batch).

    Example:
        >>> import numpy as np
        >>> dataset = iterable_dataset([{"x": np.zeros(2)}, {"x": np.ones(1)}])
        >>> [batch["x"].tolist() for batch in dataset.as_numpy_iterator()]
        [[0.0, 0.0], [1.0]]
    """
    import tensorflow as tf
    first = next(iter(batches), None)
    if first is None:
        raise DataError("Pipeline: the iterable source gave no batch")
    keys, dtypes, _ = _signature(first, batch_axis=True, variable_shapes=True)
    signature = {key: tf.TensorSpec([None] * np.ndim(first[key]), dtype) for key, dtype in zip(keys, dtypes)}

    def generate():
        with recording_errors():
            for batch in batches:
                yield {key: _plain(batch[key], dtype) for key, dtype in zip(keys, dtypes)}

    return tf.data.Dataset.from_generator(generate, output_signature=signature).prefetch(tf.data.AUTOTUNE)


def checked_batches(dataset, runner, start=0):
    """The batches of a tf.data.Dataset from the one at index `start` on, each checked for NaN and infinity in its
    float tensors (inside tf.data: a per-sample finiteness flag per tensor, read back by a small `numpy_function`),
    raising `runner.checked`'s DataError (key, mode, epoch, batch, sample) when a batch is bad.

    Example:
        >>> import numpy as np, tensorflow as tf
        >>> from kerasfe.pipeline.batching import SampleRunner
        >>> batches = tf.data.Dataset.from_tensor_slices({"x": np.array([0.0, 1.0, np.nan])}).batch(2)
        >>> runner = SampleRunner([], "train", seed=0, epoch=1, check_finite=True)
        >>> with original_errors():
        ...     list(checked_batches(batches, runner).as_numpy_iterator())  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kerasfe.errors.DataError: Pipeline: key 'x' holds NaN in batch 1 of epoch 1 of the train data ...
    """
    import keras
    import tensorflow as tf
    paths = [path for path, spec in keras.tree.flatten_with_path(dataset.element_spec) if spec.dtype.is_floating]
    names = ["/".join(map(str, path)) for path in paths]
    if not paths:
        return dataset.skip(start)

    def verify(index, *flags):
        rows, has_nan = flags[:len(names)], flags[len(names):]
        with recording_errors():
            runner.checked({name: np.where(finite, 0.0, np.nan if nan else np.inf)
                            for name, finite, nan in zip(names, rows, has_nan)}, int(index))
        return index

    def call(index, element):
        values = dict(keras.tree.flatten_with_path(element))
        rows = [_finite_rows(values[path]) for path in paths]
        has_nan = [tf.reduce_any(tf.math.is_nan(values[path])) for path in paths]
        with tf.control_dependencies([tf.numpy_function(verify, [index] + rows + has_nan, tf.int64)]):
            return tf.nest.map_structure(tf.identity, element)

    return dataset.skip(start).enumerate(start).map(call, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True)


def _finite_rows(value):
    """Per row (sample) of a tensor: whether all its values are finite (one row for a scalar)."""
    import tensorflow as tf
    rows = tf.reshape(value, [1, 1] if value.shape.rank == 0 else [tf.shape(value)[0], -1])
    return tf.reduce_all(tf.math.is_finite(rows), axis=1)


def shard_batches(dataset, shard, may_be_short=True):
    """Each batch (a dict of tensors) of a tf.data.Dataset cut to `shard`'s block (a `Shard`: process i of N takes
    the i-th of N equal blocks). With `may_be_short`, batches smaller than N (which give no block) are dropped.

    Example:
        >>> import numpy as np, tensorflow as tf
        >>> from kerasfe.pipeline.sharding import Shard
        >>> batches = tf.data.Dataset.from_tensor_slices({"x": np.arange(9)}).batch(4)
        >>> [batch["x"].tolist() for batch in shard_batches(batches, Shard(1, 2)).as_numpy_iterator()]
        [[2, 3], [6, 7]]
    """
    import tensorflow as tf
    if shard.count == 1:
        return dataset
    if not isinstance(dataset.element_spec, dict):
        raise WrongTypeError(f"Pipeline: a batched tf.data.Dataset read by {shard.count} processes must yield dicts "
                             f"of tensors (each process takes its block of every batch); it yields "
                             f"{type(dataset.element_spec).__name__}")

    def block(batch):
        size = tf.shape(next(iter(batch.values())))[0] // shard.count
        return {key: value[shard.index * size:(shard.index + 1) * size] for key, value in batch.items()}

    blocks = dataset.map(block, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True)
    return blocks.filter(lambda batch: tf.shape(next(iter(batch.values())))[0] > 0) if may_be_short else blocks


def _kept(keep, sample):
    return keep


def _sample_of(keep, sample):
    return sample


def _signature(example, batch_axis, variable_shapes):
    import tensorflow as tf
    keys = list(example)
    dtypes = [tf.string if np.asarray(example[key]).dtype.kind in "USO" else tf.as_dtype(np.asarray(example[key]).dtype)
              for key in keys]
    shapes = []
    for key in keys:
        shape = list(np.shape(example[key]))
        if variable_shapes:
            shape = [None] * len(shape)
        elif batch_axis:
            shape[0] = None
        shapes.append(shape)
    return keys, dtypes, shapes


def _plain(value, dtype):
    value = np.asarray(value)
    if value.dtype.kind == "U":
        return np.char.encode(value, "utf-8")
    if value.dtype.kind in "SO":
        return value
    return value.astype(dtype.as_numpy_dtype, copy=False)
