"""TensorFlow distribution: `tf.distribute` strategies (MirroredStrategy on one host, MultiWorkerMirroredStrategy
across hosts through TF_CONFIG)."""
import contextlib
import json
import os
import pickle
import weakref

import numpy as np
import tensorflow as tf

from kerasfe.errors import ConfigError, PeerLostError

COLLECTIVE_TIMEOUT_SECONDS = 60
# what a collective of several workers raises when another worker died (its heartbeats stopped) or stalled
_PEER_ERRORS = (tf.errors.UnavailableError, tf.errors.DeadlineExceededError, tf.errors.AbortedError,
                tf.errors.CancelledError)
_settings = {"timeout_seconds": COLLECTIVE_TIMEOUT_SECONDS}
_GLOBAL_VALUES = weakref.WeakValueDictionary()  # id -> a step output that is the same on every replica


def data_parallel(devices=None, timeout_seconds=COLLECTIVE_TIMEOUT_SECONDS):
    """Makes a data-parallel `tf.distribute` strategy the default one and returns it: models built afterwards
    have mirrored variables and Keras's trainer steps on every replica.

    With several workers in TF_CONFIG, a `MultiWorkerMirroredStrategy` (each process feeds its own batches,
    `batch_size // process_count` rows each, which are not sharded again); else a `MirroredStrategy` over
    `devices` (default: the GPUs, else the logical CPUs). When a worker dies, the others fail with
    `kerasfe.errors.PeerLostError` (`peer_errors`) as soon as its heartbeats stop (seconds); a collective that waits
    longer than `timeout_seconds` for a stalled worker fails too, instead of hanging. Called again (the `kerasfe train
    --nproc` launcher calls it before the app does) with no `devices`, it returns the strategy already set.

    Example:
        >>> strategy = data_parallel()
        >>> strategy.num_replicas_in_sync == len(tf.config.list_logical_devices("GPU")
        ...                                      or tf.config.list_logical_devices("CPU"))
        True
        >>> data_parallel() is strategy
        True
        >>> tf.distribute.experimental_set_strategy(None)  # back to no distribution
    """
    if devices is None and tf.distribute.has_strategy():
        return tf.distribute.get_strategy()
    if len(_tf_config_workers()) > 1:
        _settings["timeout_seconds"] = timeout_seconds
        options = tf.distribute.experimental.CommunicationOptions(timeout_seconds=timeout_seconds)
        strategy = _PerProcessBatches(communication_options=options)
    else:
        if devices is None:
            devices = [device.name for device in tf.config.list_logical_devices("GPU")
                       or tf.config.list_logical_devices("CPU")]
        strategy = tf.distribute.MirroredStrategy(devices)
    tf.distribute.experimental_set_strategy(strategy)
    return strategy


@contextlib.contextmanager
def peer_errors():
    """Turns the error of a collective of several workers that failed because another worker died or stalled
    (TensorFlow's UnavailableError, DeadlineExceededError, ...) into a PeerLostError naming this worker (with one
    worker, errors pass as they are).

    Example:
        >>> with peer_errors():
        ...     raise tf.errors.UnavailableError(None, None, "one worker: not a lost peer")
        Traceback (most recent call last):
        ...
        tensorflow.python.framework.errors_impl.UnavailableError: one worker: not a lost peer
    """
    try:
        yield
    except _PEER_ERRORS as error:
        if process_count() == 1:
            raise
        index, count = _cluster()
        raise PeerLostError(
            f"process {index} of {count}: a collective across the training processes failed, so another process "
            f"died or did not answer within the timeout of data_parallel ({_settings['timeout_seconds']} s): "
            f"{type(error).__name__}: {_reason(error)}") from error


def _reason(error):
    """TensorFlow's message without the traceback of where the op was defined."""
    lines = [line.strip() for line in str(getattr(error, "message", error)).splitlines()]
    kept = [line for line in lines if line and not line.startswith(("File ", "Detected at node", "[[", "Graph "))]
    return " ".join(kept) or str(error)


def model_parallel(*args, **kwargs):
    """Model parallelism is `keras.distribution.ModelParallel`, which Keras implements on JAX only.

    Example:
        >>> model_parallel()
        Traceback (most recent call last):
        ...
        kerasfe.errors.ConfigError: fe.distribute.model_parallel: Keras's ModelParallel runs on JAX only; ...
    """
    raise ConfigError("fe.distribute.model_parallel: Keras's ModelParallel runs on JAX only; on TensorFlow use "
                      "fe.distribute.data_parallel(), or run with KERAS_BACKEND=jax for a LayoutMap")


class _PerProcessBatches(tf.distribute.MultiWorkerMirroredStrategy):
    """A MultiWorkerMirroredStrategy for data that each process has sharded itself: Keras distributes a
    process's dataset through `experimental_distribute_dataset`, which here splits each of its batches across
    this process's replicas only (no auto-sharding across workers, no global-batch rebatching)."""

    def experimental_distribute_dataset(self, dataset, options=None):
        local_replicas = len(self.extended.worker_devices)

        def split(*batch):  # one batch -> a dataset of its `local_replicas` equal slices, dealt to the replicas
            batch = batch[0] if len(batch) == 1 else batch
            return tf.data.Dataset.from_tensor_slices(tf.nest.map_structure(
                lambda value: tf.reshape(value, tf.concat([[local_replicas, -1], tf.shape(value)[1:]], 0)), batch))

        per_replica = dataset if local_replicas == 1 else dataset.flat_map(split)
        return self.distribute_datasets_from_function(lambda _: per_replica, options)

    def reduce(self, reduce_op, value, axis):
        """As `MultiWorkerMirroredStrategy.reduce`, on nests of values too (Keras's trainer reduces its first
        batch, a dict, to build the model), leaving the outputs of a kerasfe step, which are the same on every
        replica already (see `mark_global`), as they are (Keras's trainer takes their MEAN along axis 0)."""
        parent = super()

        def reduce_one(one):
            return one if _GLOBAL_VALUES.get(id(one)) is one else parent.reduce(reduce_op, one, axis)

        return tf.nest.map_structure(reduce_one, value)


def mark_global(values):
    """Marks step outputs (a dict of tensors) that every replica of every worker holds alike: Keras's reduction
    of the step outputs across workers leaves them as they are. Returns `values`.

    Example:
        >>> mark_global({"loss": tf.constant(0.5)})["loss"].numpy()
        np.float32(0.5)
    """
    for value in values.values():
        _GLOBAL_VALUES[id(value)] = value
    return values


def local_rows(batch, strategy):
    """A batch of a distributed dataset as this process's rows: each value's per-replica parts side by side, in
    replica order (values that are not distributed are returned as they are).

    Example:
        >>> strategy = tf.distribute.get_strategy()
        >>> local_rows({"y": tf.constant([4, 5])}, strategy)["y"].numpy().tolist()
        [4, 5]
    """
    def rows(value):
        if not isinstance(value, tf.distribute.DistributedValues):
            return value
        parts = strategy.experimental_local_results(value)
        return parts[0] if len(parts) == 1 or parts[0].shape.rank == 0 else tf.concat(parts, axis=0)
    return tf.nest.map_structure(rows, batch)


def _tf_config_workers():
    return json.loads(os.environ.get("TF_CONFIG") or "{}").get("cluster", {}).get("worker", [])


def _cluster():
    """(task index, worker count) of the current strategy's cluster; (0, 1) without one."""
    resolver = getattr(tf.distribute.get_strategy(), "cluster_resolver", None)
    if resolver is None or not resolver.cluster_spec().as_dict():
        return 0, 1
    return resolver.task_id or 0, resolver.cluster_spec().num_tasks("worker")


def process_index():
    return _cluster()[0]


def process_count():
    return _cluster()[1]


def all_gather_object(obj):
    """Every worker's picklable `obj`, in worker order (pickled bytes padded to a common length, viewed as int64
    words, the widest integers TensorFlow's collectives gather, and gathered by the strategy)."""
    if process_count() == 1:
        return [obj]
    strategy = tf.distribute.get_strategy()
    data = pickle.dumps(obj)
    sizes = _gather_rows(strategy, np.array([len(data)], np.int64))
    padded = np.zeros((1, -(-int(sizes.max()) // 8) * 8), np.uint8)
    padded[0, :len(data)] = np.frombuffer(data, np.uint8)
    gathered = _gather_rows(strategy, padded.view(np.int64)).view(np.uint8)
    return [pickle.loads(gathered[index, :size].tobytes()) for index, size in enumerate(sizes)]


def _gather_rows(strategy, rows):
    """The `rows` of every worker, concatenated in worker order (each worker's first replica gives them)."""
    local_replicas = len(strategy.extended.worker_devices)
    value = strategy.experimental_distribute_values_from_function(
        lambda context: rows if context.replica_id_in_sync_group % local_replicas == 0 else rows[:0])
    return strategy.gather(value, axis=0).numpy()
