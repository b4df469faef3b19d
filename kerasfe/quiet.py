"""Quiet start-up: TensorFlow's C++ start-up log lines are filtered out of stderr; warnings and errors still show.

TensorFlow reads `TF_CPP_MIN_LOG_LEVEL` when it loads, so `quiet_tensorflow_startup` (called by
`import kerasfe`, before anything imports TensorFlow) gives it a default of 2 (errors only) unless
the user has set it. Some lines ignore that variable: the oneDNN notice and absl's
"All log messages before absl::InitializeLog()" warning are written by the C++ libraries while
`import tensorflow` runs. While that import runs, file descriptor 2 goes to a temporary file; when it
ends, every line that is not such noise is written to the real stderr, in order.
"""
import contextlib
import importlib.abc
import logging
import os
import re
import sys
import tempfile

TF_LOG_LEVEL_VARIABLE = "TF_CPP_MIN_LOG_LEVEL"
DEFAULT_TF_LOG_LEVEL = "2"  # TensorFlow's scale: 0 all, 1 no INFO, 2 no WARNING, 3 no ERROR
ABSL_PRE_INIT_WARNING = b"WARNING: All log messages before absl::InitializeLog() is called are written to STDERR"
ABSL_LINE = re.compile(rb"([IWEF])\d{4} [\d:.]+ +\d+ [\w./-]+:\d+\] ")  # e.g. `I0000 00:00:17.5  15534 port.cc:153] `
ABSL_SEVERITIES = b"IWEF"


def quiet_tensorflow_startup():
    """Sets `TF_CPP_MIN_LOG_LEVEL` to 2 unless it is set, and filters the C++ lines below that level out of
    stderr while TensorFlow is first imported (now or later); does nothing more once TensorFlow is imported.

    Example:
        >>> import os
        >>> quiet_tensorflow_startup()
        >>> os.environ["TF_CPP_MIN_LOG_LEVEL"] in "0123"
        True
    """
    os.environ.setdefault(TF_LOG_LEVEL_VARIABLE, DEFAULT_TF_LOG_LEVEL)
    for name in ("absl", "tensorflow"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, KnownNoiseFilter) for f in logger.filters):
            logger.addFilter(KnownNoiseFilter())
    if "tensorflow" not in sys.modules and not any(isinstance(f, QuietImportFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, QuietImportFinder("tensorflow"))


class KnownNoiseFilter(logging.Filter):
    """Drops the library log records known to be noise: grain's warning, when JAX is not installed, that it
    cannot load JAX's profiler (grain runs without it), and TensorFlow's warning that tf.functions were traced
    again (the Estimator makes a new step function on purpose when an epoch runs another number of steps per
    call or another op set). Every other record passes.

    Example:
        >>> make = lambda message: logging.LogRecord("absl", logging.WARNING, "", 0, message, (), None)
        >>> noise = KnownNoiseFilter()
        >>> noise.filter(make("Failed to load jax profiler: No module named 'jax'")), noise.filter(make("disk full"))
        (False, True)
    """

    def filter(self, record):
        message = record.getMessage()
        return not ((record.name == "absl" and message.startswith("Failed to load jax profiler"))
                    or (record.name == "tensorflow" and "triggered tf.function retracing" in message))


def is_native_noise(line, min_level):
    """Whether the C++ log `line` (bytes) is one TensorFlow's `min_level` (0-3) hides: an absl-format line of a
    lower severity (I=0, W=1, E=2), or absl's pre-initialisation warning when `min_level` is at least 1.

    Example:
        >>> info = b"I0000 00:00:1796164138.379078   15534 port.cc:153] oneDNN custom operations are on.\\n"
        >>> error = b"E0000 00:00:1796164138.379078   15534 cuda_dnn.cc:8] Could not load cuDNN\\n"
        >>> is_native_noise(info, 2), is_native_noise(error, 2), is_native_noise(info, 0)
        (True, False, False)
        >>> is_native_noise(ABSL_PRE_INIT_WARNING + b"\\n", 1), is_native_noise(b"Traceback (most recent call last):\\n", 3)
        (True, False)
    """
    if line.rstrip(b"\r\n") == ABSL_PRE_INIT_WARNING:
        return min_level >= 1
    match = ABSL_LINE.match(line)
    return match is not None and ABSL_SEVERITIES.index(match.group(1)) < min_level


@contextlib.contextmanager
def native_noise_filtered():
    """Within the block, file descriptor 2 (what C++ libraries write to) goes to a temporary file; at its end the
    lines that are not `is_native_noise` at the current `TF_CPP_MIN_LOG_LEVEL` go to the real stderr.

    Example:
        >>> import os
        >>> with native_noise_filtered():
        ...     _ = os.write(2, b"I0000 00:00:1.5  7 port.cc:153] oneDNN custom operations are on.\\n")
    """
    try:
        saved_stderr = os.dup(2)
    except OSError:  # no stderr descriptor (e.g. a windowed interpreter): nothing to filter
        saved_stderr = None
    if saved_stderr is None:
        yield
        return
    level = os.environ.get(TF_LOG_LEVEL_VARIABLE, "0")
    min_level = int(level) if level.isdigit() else 0
    _flush_python_stderr()
    with tempfile.TemporaryFile() as captured:
        os.dup2(captured.fileno(), 2)
        try:
            yield
        finally:
            _flush_python_stderr()
            os.dup2(saved_stderr, 2)
            os.close(saved_stderr)
            captured.seek(0)
            with open(2, "wb", closefd=False) as stderr:
                stderr.writelines(line for line in captured if not is_native_noise(line, min_level))


def _flush_python_stderr():
    with contextlib.suppress(AttributeError, OSError, ValueError):
        sys.stderr.flush()


class QuietImportFinder(importlib.abc.MetaPathFinder):
    """A `sys.meta_path` finder that runs the first import of the top-level module `name` inside
    `native_noise_filtered` (the module keeps its own loader), then leaves `sys.meta_path`.

    Example:
        >>> import sys
        >>> finder = QuietImportFinder("json")
        >>> sys.meta_path.insert(0, finder)
        >>> finder.find_spec("json.decoder"), finder.find_spec("json").loader.__class__.__name__
        (None, 'QuietLoader')
        >>> finder in sys.meta_path
        False
    """

    def __init__(self, name):
        self.name = name

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.name:
            return None
        others = [finder for finder in sys.meta_path if finder is not self and hasattr(finder, "find_spec")]
        for finder in others:  # the spec the import system would find without this finder
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = QuietLoader(spec.loader)
                sys.meta_path.remove(self)  # once found, `name` is imported now: the finder has done its job
                return spec
        return None


class QuietLoader(importlib.abc.Loader):
    """Runs `loader`'s module inside `native_noise_filtered`, then leaves the module with `loader`.

    Example:
        >>> import importlib.machinery
        >>> QuietLoader(importlib.machinery.BuiltinImporter).loader.__name__
        'BuiltinImporter'
    """

    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        module.__loader__ = module.__spec__.loader = self.loader
        with native_noise_filtered():
            self.loader.exec_module(module)
