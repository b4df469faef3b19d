"""JAX distribution: `keras.distribution` on the devices of one host, and across hosts through
`jax.distributed` (`keras.distribution.initialize`)."""
import pickle

import jax
import numpy as np
from jax.experimental import multihost_utils


def process_index():
    return jax.process_index()


def process_count():
    return jax.process_count()


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
