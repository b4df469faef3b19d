"""JAX distribution: `keras.distribution` on the devices of one host, and across processes through
`jax.distributed` (what `keras.distribution.initialize` does, with JAX's failure-detection timeouts).

A launcher (or the user) sets Keras's variables `KERAS_DISTRIBUTION_JOB_ADDRESSES` (the coordinator's
"host:port" first), `KERAS_DISTRIBUTION_NUM_PROCESSES` and `KERAS_DISTRIBUTION_PROCESS_ID` on every process;
`data_parallel()` / `model_parallel(layout_map)` then connect the processes (CPU collectives: gloo) before
making the distribution. Without them the distribution spans this process's devices.

Example (the checks hold trivially under the other backends, whose engines are their own modules):
    >>> import keras
    >>> process_index(), process_count()
    (0, 1)
    >>> keras.backend.backend() != "jax" or type(data_parallel()).__name__ == "DataParallel"
    True
    >>> keras.distribution.set_distribution(None)
"""
import os
import pickle

import jax
import keras
import numpy as np
from jax.experimental import multihost_utils

from kerasfe.backend.keras_internals import agree_on_random_seed
from kerasfe.errors import ConfigError

JOB_ADDRESSES, NUM_PROCESSES, PROCESS_ID = ("KERAS_DISTRIBUTION_JOB_ADDRESSES", "KERAS_DISTRIBUTION_NUM_PROCESSES",
                                            "KERAS_DISTRIBUTION_PROCESS_ID")


def process_index():
    return jax.process_index()


def process_count():
    return jax.process_count()


def local_numpy(value):
    """This process's rows of a batch value, as numpy: a global array spanning other processes' devices gives its
    process-local shards along the batch axis, in order (each shard once); any other value is converted as it is.

    Example:
        >>> local_numpy(jax.numpy.arange(3)).tolist()
        [0, 1, 2]
    """
    if not isinstance(value, jax.Array) or value.is_fully_addressable:
        return np.asarray(keras.ops.convert_to_numpy(value))
    shards = {shard.index[0].start or 0: shard.data for shard in value.addressable_shards} if value.ndim else {}
    if not shards:
        return np.asarray(value.addressable_shards[0].data)
    return np.concatenate([np.asarray(shards[start]) for start in sorted(shards)])


def all_gather_object(obj):
    """Every process's picklable `obj`, in process order (pickled into padded uint8 arrays)."""
    if process_count() == 1:
        return [obj]
    data = np.frombuffer(pickle.dumps(obj), np.uint8)
    sizes = np.asarray(multihost_utils.process_allgather(np.array([data.size], np.int64))).reshape(-1)
    padded = np.zeros(int(sizes.max()), np.uint8)
    padded[:data.size] = data
    gathered = np.asarray(multihost_utils.process_allgather(padded))
    return [pickle.loads(gathered[i, :size].tobytes()) for i, size in enumerate(sizes)]


def connect_processes(heartbeat_timeout_seconds=10, shutdown_timeout_seconds=10, initialization_timeout=120):
    """Joins this process to the others named by the `KERAS_DISTRIBUTION_*` variables (once; a no-op with
    one process or when already joined), then agrees on Keras's random seed as `keras.distribution.initialize`
    does, so every process builds the same initial weights.

    A process that stops sending heartbeats for `heartbeat_timeout_seconds` is taken as dead: the others
    fail with an error instead of waiting in a collective; at exit a process waits at most
    `shutdown_timeout_seconds` for the others. `initialization_timeout`: how long to wait for every
    process to join.

    Example:
        >>> connect_processes()  # no KERAS_DISTRIBUTION_* variables: one process
        >>> process_count()
        1
    """
    count = int(os.environ.get(NUM_PROCESSES, "1"))
    if count <= 1 or jax.distributed.is_initialized():
        return
    missing = [name for name in (JOB_ADDRESSES, PROCESS_ID) if not os.environ.get(name)]
    if missing:
        raise ConfigError(f"distribute: {NUM_PROCESSES}={count} but {missing} are not set; set the coordinator's "
                          f"'host:port' in {JOB_ADDRESSES} and this process's index in {PROCESS_ID} on every "
                          "process (kerasfe's launcher does)")
    jax.distributed.initialize(coordinator_address=os.environ[JOB_ADDRESSES].split(",")[0], num_processes=count,
                               process_id=int(os.environ[PROCESS_ID]),
                               heartbeat_timeout_seconds=heartbeat_timeout_seconds,
                               shutdown_timeout_seconds=shutdown_timeout_seconds,
                               initialization_timeout=initialization_timeout)
    agree_on_random_seed()


def data_parallel(devices=None, auto_shard_dataset=False, **connect_options):
    """Replicates the models over every device of every process and splits each global batch across them
    (`keras.distribution.DataParallel`), made the global distribution. Call it before building models.

    Args:
        devices: the devices to use (None: every device of every process).
        auto_shard_dataset: let Keras shard a `tf.data.Dataset` across processes; False because the kerasfe
            Pipeline already gives each process its own shard.
        **connect_options: timeouts of `connect_processes`.

    Example:
        >>> import keras
        >>> keras.backend.backend() != "jax" or data_parallel().device_mesh.shape == (len(jax.devices()),)
        True
        >>> keras.distribution.set_distribution(None)
    """
    connect_processes(**connect_options)
    distribution = keras.distribution.DataParallel(devices=devices, auto_shard_dataset=auto_shard_dataset)
    keras.distribution.set_distribution(distribution)
    return distribution


def model_parallel(layout_map, batch_dim_name=None, auto_shard_dataset=False, **connect_options):
    """Shards the variables `layout_map` names over its device mesh and the batch over the mesh's
    `batch_dim_name` axis (`keras.distribution.ModelParallel`), made the global distribution.

    Args:
        layout_map: a `keras.distribution.LayoutMap`, or a function returning one, called once the processes
            are connected (a mesh over several processes' devices can only be made then).
        batch_dim_name: the mesh axis the batch is split over (None: the mesh's first axis).
        auto_shard_dataset, **connect_options: as for `data_parallel`.

    Example:
        >>> import keras
        >>> def layouts():
        ...     mesh = keras.distribution.DeviceMesh((1, len(jax.devices())), ["batch", "model"])
        ...     layout_map = keras.distribution.LayoutMap(mesh)
        ...     layout_map[".*dense.*kernel"] = (None, "model")
        ...     return layout_map
        >>> keras.backend.backend() != "jax" or model_parallel(layouts).batch_dim_name == "batch"
        True
        >>> keras.distribution.set_distribution(None)
    """
    connect_processes(**connect_options)
    if callable(layout_map):
        layout_map = layout_map()
    if not isinstance(layout_map, keras.distribution.LayoutMap):
        raise ConfigError(f"distribute.model_parallel: layout_map must be a keras.distribution.LayoutMap or a "
                          f"function returning one; got {type(layout_map).__name__}")
    mesh = layout_map.device_mesh
    distribution = keras.distribution.ModelParallel(layout_map=layout_map,
                                                    batch_dim_name=batch_dim_name or mesh.axis_names[0],
                                                    auto_shard_dataset=auto_shard_dataset)
    keras.distribution.set_distribution(distribution)
    return distribution


def replicated(values):
    """`values` (a structure of arrays inside a jitted step) laid out whole on every device of the active
    distribution, so every process can read them; as they are without a distribution.

    Example:
        >>> replicated({"loss": 0.5})  # no distribution
        {'loss': 0.5}
    """
    distribution = keras.distribution.distribution()
    if distribution is None:
        return values

    def whole(value):
        layout = keras.distribution.TensorLayout([None] * len(value.shape), distribution.device_mesh)
        return keras.distribution.distribute_tensor(value, layout)
    return keras.tree.map_structure(whole, values)
