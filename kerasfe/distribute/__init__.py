"""Distributed training behind one call per backend: `fe.distribute.data_parallel()` at the top of a script.

Each backend's own engine does the work: `keras.distribution` on JAX, `tf.distribute` on TensorFlow and
`torch.distributed` on PyTorch (`kerasfe/backend/<backend>_distribute.py`). The functions here are the same
on every backend and work without distribution too (one process, index 0), so a script calls them
unconditionally. `launch` (and `kerasfe train --nproc N app.py`) starts N local processes with the environment
each engine reads.

Example:
    >>> import kerasfe as fe
    >>> fe.distribute.process_index(), fe.distribute.process_count(), fe.distribute.is_chief()
    (0, 1, True)
    >>> fe.distribute.all_gather_object({"correct": 3})
    [{'correct': 3}]
"""
import contextlib
import importlib

from kerasfe.distribute.launch import LaunchError, launch
from kerasfe.errors import ConfigError, PeerLostError

__all__ = ["LaunchError", "PeerLostError", "all_gather_object", "any_process", "data_parallel", "engine", "is_chief",
           "launch", "model_parallel", "peer_errors", "process_count", "process_index"]


def engine():
    """The distribution module of the active Keras backend.

    Example:
        >>> import keras
        >>> engine().__name__ == f"kerasfe.backend.{keras.backend.backend()}_distribute"
        True
    """
    import keras
    return importlib.import_module(f"kerasfe.backend.{keras.backend.backend()}_distribute")


def data_parallel(**options):
    """Trains data-parallel with the active backend's engine; call it at the top of the script, before building
    models. In processes started by `launch` / `kerasfe train --nproc N` (or `torchrun`, or with the backend's
    own cluster variables set) it joins them; otherwise it uses every local device of this one process.
    `options` go to the engine (e.g. `sync_batchnorm=True` on PyTorch); what it returns is the engine's.

    Example:
        >>> import kerasfe as fe
        >>> callable(fe.distribute.data_parallel)
        True
    """
    return _engine_function("data_parallel")(**options)


def model_parallel(*args, **kwargs):
    """Shards the models' variables as `keras.distribution.ModelParallel` does (a `keras.distribution.LayoutMap`
    and its device mesh); only the JAX backend has it, the others raise a ConfigError.

    Example:
        >>> import keras, kerasfe as fe
        >>> from kerasfe.errors import ConfigError
        >>> try:
        ...     print("JAX only") if keras.backend.backend() == "jax" else fe.distribute.model_parallel(None)
        ... except ConfigError as error:
        ...     print("JAX only" if "data_parallel()" in str(error) else error)
        JAX only
    """
    return _engine_function("model_parallel")(*args, **kwargs)


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


def any_process(flag):
    """True on every process when `flag` is true on any of them (a stop decision all processes share); every
    process must call it.

    Example:
        >>> any_process(False), any_process(True)
        (False, True)
    """
    return any(all_gather_object(bool(flag))) if process_count() > 1 else bool(flag)


def chief_value(obj):
    """The chief's `obj` (anything picklable) on every process, e.g. a seed drawn at random that all processes
    must share; every process must call it.

    Example:
        >>> chief_value(1234)
        1234
    """
    return all_gather_object(obj)[0] if process_count() > 1 else obj


def peer_errors():
    """A context manager in which a collective that fails because another training process died (or did not
    answer within the timeout of `data_parallel`) raises `PeerLostError`, naming this process, instead of the
    engine's own error (TensorFlow's UnavailableError; PyTorch's collectives raise PeerLostError themselves).
    `Network.fit`, `evaluate` and `predict` run in it.

    Example:
        >>> with peer_errors():
        ...     process_count()
        1
    """
    function = getattr(engine(), "peer_errors", None)
    return function() if function is not None else contextlib.nullcontext()


def _engine_function(name):
    function = getattr(engine(), name, None)
    if function is None:
        backend = engine().__name__.rsplit(".", 1)[-1].removesuffix("_distribute")
        hint = (": model parallelism (keras.distribution.ModelParallel) is JAX only; use "
                "fe.distribute.data_parallel()" if name == "model_parallel" else "")
        raise ConfigError(f"fe.distribute.{name}() is not available on the {backend} backend{hint}")
    return function


def local_numpy(value):
    """This process's rows of a batch value as a numpy array: under JAX across processes, the process-local shards
    of a global array; anything else converted as `keras.ops.convert_to_numpy` does.

    Example:
        >>> import numpy as np
        >>> local_numpy(np.arange(3)).tolist()
        [0, 1, 2]
    """
    convert = getattr(engine(), "local_numpy", None)
    if convert is not None:
        return convert(value)
    import keras
    import numpy as np
    return np.asarray(keras.ops.convert_to_numpy(value))
