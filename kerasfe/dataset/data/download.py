"""Fetching public data set files into a cache folder, with a clear error when that is impossible."""
import os

import keras

from kerasfe.errors import DataError

KERAS_DATASETS = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"


def fetch(fname, origin, cache_dir=None, extract=False, cache_subdir="datasets"):
    """The local path of `fname` under `<cache_dir>/<cache_subdir>`, downloaded from `origin` when missing.

    `cache_dir` defaults to Keras's (`~/.keras`, or `$KERAS_HOME`). If the file is absent and cannot be
    downloaded, raises DataError saying where to put it by hand.

    Example:
        >>> import tempfile, os
        >>> cache = tempfile.mkdtemp(); os.makedirs(os.path.join(cache, "datasets"))
        >>> _ = open(os.path.join(cache, "datasets", "notes.txt"), "w").write("hi")
        >>> os.path.basename(fetch("notes.txt", "https://example.invalid/notes.txt", cache_dir=cache))
        'notes.txt'
    """
    try:
        return keras.utils.get_file(fname=fname, origin=origin, cache_dir=cache_dir, extract=extract,
                                    cache_subdir=cache_subdir)
    except Exception as error:
        folder = os.path.join(os.path.expanduser(cache_dir or os.environ.get("KERAS_HOME", "~/.keras")), cache_subdir)
        name = f"{fname}_archive" if extract and "." not in fname else fname
        raise DataError(f"cannot download '{origin}' into '{folder}' ({type(error).__name__}: {error}); with no "
                        f"network, copy the file there by hand as '{name}'"
                        + (" (it is extracted on first use)" if extract else "")) from error
