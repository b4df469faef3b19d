"""ModelSaver: saves a model's weights every few epochs."""
import os
import warnings

import keras
import numpy as np

from kerasfe.atomic_file import make_folder, remove_file, save_atomically
from kerasfe.errors import ConfigError
from kerasfe.trace.trace import Trace


class ModelSaver(Trace):
    """Saves `model`'s weights to `save_dir/<weights_name>_epoch_<n>.weights.h5` every `frequency` train epochs
    (and, with `save_architecture`, the whole model to `save_dir/<weights_name>_epoch_<n>.keras`).

    Each file is written atomically (a temporary name in `save_dir`, fsynced, renamed); the oldest files
    beyond `max_to_keep` are deleted only once the new one is complete. Non-finite weights (NaN or
    infinity) are never saved: a warning says so and the files already saved stay.

    Args:
        model: the model to save.
        save_dir: the folder of the files.
        frequency: save every this many epochs (an int >= 1).
        max_to_keep: keep only the newest this many files (an int >= 1; None: all).
        weights_name: the prefix of the file names (a non-empty str); None: the model's name.
        save_architecture: also save the whole model (architecture, weights, optimizer) as a `.keras` file that
            `keras.saving.load_model` reads back without the code that built it; pruned with its weights file.

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)], name="net")
        >>> ModelSaver(model, "ckpt", frequency=2).path(4).replace(os.sep, "/")
        'ckpt/net_epoch_4.weights.h5'
    """

    def __init__(self, model, save_dir, frequency=1, max_to_keep=None, weights_name=None, save_architecture=False):
        super().__init__(mode="train")
        if not _is_int_at_least_one(frequency):
            raise ConfigError(f"{self.describe()}: frequency must be an int >= 1 (save every this many epochs); got "
                              f"{frequency!r}. Use frequency=1 to save every epoch")
        if max_to_keep is not None and not _is_int_at_least_one(max_to_keep):
            raise ConfigError(f"{self.describe()}: max_to_keep must be None (keep every file) or an int >= 1; got "
                              f"{max_to_keep!r}, which would delete every file it saves. Use max_to_keep=None or "
                              "max_to_keep=1 (only the newest)")
        self.model, self.save_dir, self.frequency, self.max_to_keep = model, save_dir, frequency, max_to_keep
        self.weights_name = check_weights_name(self, weights_name)
        self.save_architecture = save_architecture
        self.saved = []

    def path(self, epoch):
        """The file of `epoch`'s weights (its `.keras` twin holds the whole model with `save_architecture`)."""
        return os.path.join(self.save_dir, f"{self.weights_name or self.model.name}_epoch_{epoch}.weights.h5")

    def on_begin(self, data):
        make_folder(self.save_dir, self.describe(), "save_dir")

    def on_epoch_end(self, data):
        if self.system.epoch_idx % self.frequency:
            return
        if not save_finite_weights(self, self.model, self.path(self.system.epoch_idx), self.save_architecture):
            return
        self.saved.append(self.path(self.system.epoch_idx))
        while self.max_to_keep is not None and len(self.saved) > self.max_to_keep:
            oldest = self.saved.pop(0)
            remove_file(oldest)
            if self.save_architecture:
                remove_file(architecture_path(oldest))


def check_weights_name(trace, weights_name):
    """Returns `weights_name` (None or a non-empty str) or raises a ConfigError naming `trace`.

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)], name="net")
        >>> check_weights_name(ModelSaver(model, "ckpt"), "mine")
        'mine'
    """
    if weights_name is not None and not (isinstance(weights_name, str) and weights_name):
        raise ConfigError(f"{trace.describe()}: weights_name must be None (use the model's name) or a non-empty str "
                          f"(the file name's prefix); got {weights_name!r}")
    return weights_name


def architecture_path(weights_path):
    """The `.keras` file of the whole model saved next to `weights_path` (a `.weights.h5` file).

    Example:
        >>> architecture_path("ckpt/net_epoch_2.weights.h5")
        'ckpt/net_epoch_2.keras'
    """
    return weights_path[:-len(".weights.h5")] + ".keras"


def save_finite_weights(trace, model, path, save_architecture=False):
    """Saves `model`'s weights to `path` atomically for `trace` (with `save_architecture`, the whole model too, to
    `architecture_path(path)`), unless one is NaN or infinite: then it warns (naming the trace, the model and the
    step) and saves nothing. Returns whether it saved.

    Example:
        >>> import keras, numpy as np, tempfile, warnings
        >>> from kerasfe.trace.system import System
        >>> model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)], name="net")
        >>> saver = ModelSaver(model, tempfile.mkdtemp()); saver.system = System(network=None)
        >>> _ = model.layers[0].kernel.assign(np.full((1, 1), np.nan))
        >>> with warnings.catch_warnings(record=True):
        ...     save_finite_weights(saver, model, saver.path(1))
        False
    """
    trace.system.sync_weights()
    if not all(np.all(np.isfinite(keras.ops.convert_to_numpy(weight))) for weight in model.weights
               if keras.backend.standardize_dtype(weight.dtype).startswith(("float", "bfloat"))):
        warnings.warn(f"{trace.describe()}: model '{model.name}' has non-finite weights (NaN or infinity) at step "
                      f"{trace.system.global_step}, so '{path}' is not written; the files saved before stay",
                      stacklevel=2)
        return False
    save_atomically(model.save_weights, path)
    if save_architecture:
        save_atomically(model.save, architecture_path(path))
    return True


def _is_int_at_least_one(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1
