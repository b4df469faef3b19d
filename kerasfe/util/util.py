"""FastEstimator's runtime helpers of `fe.util` (its `util` and `cli_util`): timing, silencing, devices, CPU
count, padding, conversions.

Example:
    >>> import numpy as np
    >>> pad_data(np.ones((1, 2)), (2, 2), pad_value=0).tolist()
    [[1.0, 1.0], [0.0, 0.0]]
"""
import contextlib
import gzip
import json
import os
import sys
import tarfile
import tempfile
import time
import zipfile
from ast import literal_eval

import keras
import numpy as np

from kerasfe.backend.devices import accelerator_count
from kerasfe.errors import ConfigError, DataError


class Suppressor:
    """Silences everything written to stdout and stderr inside the block, by Python and by native code (file
    descriptors 1 and 2). `allow_pyprint` lets Python's own prints through; `show_if_exception` replays what was
    silenced when the block raises.

    Example:
        >>> with Suppressor():
        ...     print("hidden")
        >>> with Suppressor(allow_pyprint=True):
        ...     print("shown")
        shown
    """

    def __init__(self, allow_pyprint=False, show_if_exception=False):
        self.allow_pyprint, self.show_if_exception = allow_pyprint, show_if_exception
        self.stash = None

    def __enter__(self):
        sys.stdout.flush()
        sys.stderr.flush()
        self.stash = tempfile.TemporaryFile("w+") if self.show_if_exception else open(os.devnull, "w")
        self.py_reals = [sys.stdout, sys.stderr]
        self.reals = [os.dup(1), os.dup(2)]
        os.dup2(self.stash.fileno(), 1)
        os.dup2(self.stash.fileno(), 2)
        if not self.allow_pyprint:
            sys.stdout = sys.stderr = self
        return self

    def __exit__(self, *exc):
        self.stash.flush()
        for real, fd in zip(self.reals, (1, 2)):
            os.dup2(real, fd)
            os.close(real)
        sys.stdout, sys.stderr = self.py_reals
        if exc[0] is not None and self.show_if_exception and not issubclass(exc[0], (StopIteration,
                                                                                    StopAsyncIteration)):
            self.stash.seek(0)
            sys.stdout.write(self.stash.read())
        self.stash.close()

    def write(self, text):
        """Where Python's prints go inside the block: kept only to replay them on an exception."""
        self.stash.write(text)

    def flush(self):
        """Flushes what was kept."""
        self.stash.flush()


class Timer(contextlib.ContextDecorator):
    """Times a block (or a decorated function) and prints "<name> took <seconds> seconds"; the seconds are kept in
    `interval`.

    Example:
        >>> with Timer("load") as timer:
        ...     pass  # doctest: +ELLIPSIS
        load took ... seconds
        >>> timer.interval >= 0
        True
    """

    def __init__(self, name="Task"):
        self.name, self.start, self.end, self.interval = name, None, None, None

    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.end = time.perf_counter()
        self.interval = self.end - self.start
        print(f"{self.name} took {self.interval} seconds")


def cpu_count(limit=None):
    """The number of CPU cores this process may use (its affinity, so container limits count), at most `limit`
    and the FE_NUM_THREADS environment variable; also sets OMP / MKL / TF thread counts to it.

    Example:
        >>> 1 <= cpu_count() <= os.cpu_count()
        True
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count()
    env_limit = os.environ.get("FE_NUM_THREADS")
    if env_limit is not None and not env_limit.isdigit():
        raise ConfigError(f"FE_NUM_THREADS must be an integer; got '{env_limit}'")
    cores = min(cores, limit or cores, int(env_limit or cores))
    if cores < 1:
        raise ConfigError(f"cpu_count: at least 1 core is needed; got {cores}")
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "TF_NUM_INTEROP_THREADS", "TF_NUM_INTRAOP_THREADS"):
        os.environ[name] = str(cores)
    return cores


def get_batch_size(data):
    """The batch size of a batch dict: the common first dimension of its arrays / tensors.

    Example:
        >>> get_batch_size({"x": np.ones((4, 2)), "y": np.ones(4), "name": "a"})
        4
    """
    if not isinstance(data, dict):
        raise ConfigError(f"get_batch_size takes a batch dict; got {type(data).__name__}")
    sizes = {value.shape[0] for value in data.values() if hasattr(value, "shape") and len(value.shape)}
    if len(sizes) != 1:
        raise DataError(f"get_batch_size: the batch's arrays disagree on the batch size: {sorted(sizes)}")
    return sizes.pop()


def get_num_gpus():
    """The number of GPUs (or other accelerators) the active Keras backend sees.

    Example:
        >>> get_num_gpus() >= 0
        True
    """
    return accelerator_count()


def get_num_devices():
    """The number of devices a step runs on: the accelerators, or 1 without any.

    Example:
        >>> get_num_devices() >= 1
        True
    """
    return max(accelerator_count(), 1)


def pad_data(data, target_shape, pad_value):
    """`data` padded at the end of each axis with `pad_value` up to `target_shape` (same rank, no smaller).

    Example:
        >>> pad_data(np.array([1, 2]), (4,), pad_value=-1).tolist()
        [1, 2, -1, -1]
    """
    difference = np.array(target_shape) - np.array(data.shape)
    return np.pad(data, [(0, size) for size in difference], "constant", constant_values=pad_value)


def pad_batch(batch, pad_value):
    """Pads, in place, the arrays of each key of a list of sample dicts to the largest shape among them.

    Example:
        >>> batch = [{"x": np.ones(1)}, {"x": np.ones(3)}]
        >>> pad_batch(batch, pad_value=0); [sample["x"].tolist() for sample in batch]
        [[1.0, 0.0, 0.0], [1.0, 1.0, 1.0]]
    """
    keys = batch[0].keys()
    if any(sample.keys() != keys for sample in batch):
        raise DataError(f"pad_batch: every sample needs the same keys; got {[sorted(sample) for sample in batch]}")
    for key in keys:
        shapes = [sample[key].shape for sample in batch if hasattr(sample[key], "shape")]
        if len(set(shapes)) <= 1:
            continue
        if len({len(shape) for shape in shapes}) != 1:
            raise DataError(f"pad_batch: key '{key}' has arrays of different ranks {sorted(set(shapes))}")
        target = tuple(np.max(np.array(shapes), axis=0))
        for sample in batch:
            sample[key] = pad_data(sample[key], target, pad_value)


def to_number(data):
    """`data` (a tensor of any backend, an array, a number or a numeric string) as a numpy array.

    Example:
        >>> import keras
        >>> to_number(keras.ops.ones((2,))).tolist(), to_number("3.5")
        ([1.0, 1.0], array('3.5', dtype='<U3'))
    """
    if isinstance(data, (np.ndarray, np.generic, int, float, str, bytes)):
        return np.array(data)
    return np.array(keras.ops.convert_to_numpy(keras.ops.stop_gradient(data)))


def detach_tensors(data):
    """The tensors in nested dicts / lists / tuples / sets cut from the gradient graph (`keras.ops.stop_gradient`).

    Example:
        >>> import keras
        >>> detached = detach_tensors({"x": [keras.ops.ones((2,))], "n": 1})
        >>> keras.ops.convert_to_numpy(detached["x"][0]).tolist(), detached["n"]
        ([1.0, 1.0], 1)
    """
    if isinstance(data, dict):
        return {key: detach_tensors(value) for key, value in data.items()}
    if isinstance(data, (list, tuple, set)):
        return type(data)(detach_tensors(value) for value in data)
    if keras.ops.is_tensor(data):
        return keras.ops.stop_gradient(data)
    return data


def is_valid_file(file_path):
    """Whether `file_path` exists and, for .zip / .tar.gz / .gz archives, opens as one (a download finished).

    Example:
        >>> import tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "a.zip")
        >>> is_valid_file(path)
        False
        >>> with zipfile.ZipFile(path, "w") as archive:
        ...     archive.writestr("x.txt", "1")
        >>> is_valid_file(path)
        True
    """
    if not os.path.exists(file_path):
        return False
    try:
        if file_path.endswith(".zip"):
            with zipfile.ZipFile(file_path) as archive:
                archive.namelist()
        elif file_path.endswith(".tar.gz"):
            with tarfile.open(file_path) as archive:
                archive.getmembers()
        elif file_path.endswith(".gz"):
            with gzip.open(file_path, "rb") as archive:
                archive.read()
    except (OSError, EOFError, zipfile.BadZipFile, tarfile.TarError):
        return False
    return True


def parse_string_to_python(val):
    """A command-line string as a Python value: a literal ("1", "[1, 2]", "{'a': 1}"), else JSON, else the string
    itself; None or "" gives "".

    Example:
        >>> parse_string_to_python("[1, 2]"), parse_string_to_python('{"a": true}'), parse_string_to_python("adam")
        ([1, 2], {'a': True}, 'adam')
    """
    if not val:
        return ""
    try:
        return literal_eval(val)
    except (ValueError, SyntaxError):
        try:
            return json.loads(val)
        except json.JSONDecodeError:
            return val
