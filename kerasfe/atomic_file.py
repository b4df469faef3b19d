"""Writing files so that a crash never leaves a partial one: every file kerasfe writes goes to a temporary name in
the same folder, is flushed and fsynced, then renamed over the old file (and the folder is fsynced).

A reader therefore sees either the old file or the new one, whole. A run killed mid-write leaves at most a hidden
`.tmp-<random>-<name>` file next to the intact old one.

Under distributed training only the chief process (`fe.distribute.is_chief()`) writes: every process runs the same
code (so a writer that takes part in collective work still does), but elsewhere the writes go to a scratch folder
that is deleted, folders are not created and files are not removed. Every kerasfe writer goes through this module.

Example:
    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> path = os.path.join(folder, "notes.txt")
    >>> with atomic_open(path, "w") as file:
    ...     _ = file.write("hello")
    >>> open(path).read(), os.listdir(folder)
    ('hello', ['notes.txt'])
"""
import atexit
import contextlib
import os
import secrets
import shutil
import sys
import tempfile

from kerasfe.errors import ConfigError

TEMP_PREFIX = ".tmp-"


def temp_name(path):
    """A fresh temporary name next to `path` that keeps its whole file name (so its suffixes, `.weights.h5`,
    `.keras`, `.png`, still tell writers the format).

    Example:
        >>> name = temp_name(os.path.join("ckpt", "net.weights.h5"))
        >>> os.path.dirname(name), os.path.basename(name).startswith(TEMP_PREFIX), name.endswith("-net.weights.h5")
        ('ckpt', True, True)
    """
    folder, name = os.path.split(os.fspath(path))
    return os.path.join(folder, f"{TEMP_PREFIX}{secrets.token_hex(6)}-{name}")


@contextlib.contextmanager
def atomic_path(path):
    """Yields a temporary path in `path`'s folder for a writer that takes a path (Keras `save_weights`,
    `model.save`, matplotlib `savefig`); when the block ends normally the file is fsynced and renamed over
    `path`. If the block raises, the temporary file is removed and `path` is left as it was.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "a.txt")
        >>> with atomic_path(path) as temp:
        ...     _ = open(temp, "w").write("new")
        >>> open(path).read()
        'new'
    """
    path = os.fspath(path)
    if not _is_chief():
        with tempfile.TemporaryDirectory(prefix="kerasfe-not-chief-") as scratch:
            yield os.path.join(scratch, os.path.basename(path))
        return
    temp = temp_name(path)
    try:
        yield temp
        _fsync_file(temp)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temp)
        raise
    _fsync_folder(os.path.dirname(path))


@contextlib.contextmanager
def atomic_open(path, mode="w", **kwargs):
    """`open(path, mode, **kwargs)` for writing a whole file ("w", "wb", "w+", ...), through `atomic_path`: the
    file object writes to a temporary name, which replaces `path` once the block ends normally.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "a.bin")
        >>> with atomic_open(path, "wb") as file:
        ...     _ = file.write(b"abc")
        >>> open(path, "rb").read()
        b'abc'
    """
    if not mode.startswith("w"):
        raise ConfigError(f"atomic_open({path!r}) writes whole files: mode must start with 'w' (e.g. 'w' or 'wb'), "
                          f"got '{mode}'")
    with atomic_path(path) as temp, open(temp, "x" + mode[1:], **kwargs) as file:
        yield file


def save_atomically(save, path):
    """Calls `save(temporary path)` (e.g. `model.save_weights`, `figure.savefig`), then moves the file to `path`
    as `atomic_path` does. Returns what `save` returns.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "b.txt")
        >>> save_atomically(lambda name: open(name, "w").write("abc"), path)
        3
        >>> open(path).read()
        'abc'
    """
    with atomic_path(path) as temp:
        return save(temp)


@contextlib.contextmanager
def atomic_folder(path):
    """Yields a new temporary folder next to `path` to fill with files; when the block ends normally every file in
    it and the folder itself are fsynced and the folder is renamed to `path` (which must not exist), so `path`
    appears complete or not at all. If the block raises, the temporary folder is removed.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "snapshot")
        >>> with atomic_folder(path) as temp:
        ...     _ = open(os.path.join(temp, "a.txt"), "w").write("a")
        >>> os.listdir(path), os.listdir(os.path.dirname(path))
        (['a.txt'], ['snapshot'])
    """
    path = os.fspath(path)
    temp = temp_name(path)
    os.makedirs(temp)
    try:
        yield temp
        for name in os.listdir(temp):
            _fsync_file(os.path.join(temp, name))
        _fsync_folder(temp)
        os.rename(temp, path)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    _fsync_folder(os.path.dirname(path))


def _fsync_file(path):
    with open(path, "rb+") as file:
        os.fsync(file.fileno())


def _fsync_folder(folder):
    if os.name == "nt":  # Windows cannot open a folder to fsync it
        return
    descriptor = os.open(folder or ".", os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def make_folder(folder, owner, argument):
    """Creates `folder` (and its parents) for `owner`'s files, or raises ConfigError naming `owner` and the
    `argument` that gave the folder when it cannot be created or written to.

    Example:
        >>> import os, tempfile
        >>> folder = os.path.join(tempfile.mkdtemp(), "logs", "run1")
        >>> make_folder(folder, "CSVLogger", "filename"); os.path.isdir(folder)
        True
    """
    if not _is_chief():
        return
    try:
        os.makedirs(folder or ".", exist_ok=True)
    except OSError as error:
        raise ConfigError(f"{owner}: cannot create the folder '{folder}' given by `{argument}` "
                          f"({type(error).__name__}: {error}); give a path in a folder you can write to") from error
    if not os.access(folder or ".", os.W_OK):
        raise ConfigError(f"{owner}: cannot write into the folder '{folder}' given by `{argument}`; "
                          "give a path in a folder you can write to")


def remove_file(path):
    """Removes the file at `path` (on the chief only, as every write here).

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "old.txt")
        >>> _ = open(path, "w").write("old")
        >>> remove_file(path); os.path.exists(path)
        False
    """
    if _is_chief():
        os.remove(path)


def stream_folder(folder):
    """The folder an append-only writer (TensorBoard's event files) writes into: `folder` on the chief; elsewhere a
    scratch folder that is deleted when the process exits.

    Example:
        >>> stream_folder("logs/train")
        'logs/train'
    """
    if _is_chief():
        return folder
    scratch = tempfile.mkdtemp(prefix="kerasfe-not-chief-")
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    return scratch


def _is_chief():
    if "keras" not in sys.modules:  # no training without Keras: the only process (`kerasfe logs` stays light)
        return True
    from kerasfe import distribute
    return distribute.is_chief()
