"""Distributed training behind one call per backend: `fe.distribute.data_parallel()` at the top of a script.

Each backend's own engine does the work: `keras.distribution` on JAX, `tf.distribute` on TensorFlow and
`torch.distributed` on PyTorch (`kerasfe/backend/<backend>_distribute.py`). The functions here are the same
on every backend and work without distribution too (one process, index 0), so a script calls them
unconditionally.

Example:
    >>> import kerasfe as fe
    >>> fe.distribute.process_index(), fe.distribute.process_count(), fe.distribute.is_chief()
    (0, 1, True)
    >>> fe.distribute.all_gather_object({"correct": 3})
    [{'correct': 3}]
"""
import importlib

import keras


def engine():
    """The distribution module of the active Keras backend."""
    return importlib.import_module(f"kerasfe.backend.{keras.backend.backend()}_distribute")


def process_index():
    """This process's index among the training processes (0 without distribution)."""
    return engine().process_index()


def process_count():
    """How many processes train together (1 without distribution)."""
    return engine().process_count()


def is_chief():
    """True on the process that writes files (index 0)."""
    return process_index() == 0


def all_gather_object(obj):
    """Every process's `obj` (anything picklable), as a list in process order; every process must call it."""
    return engine().all_gather_object(obj)
