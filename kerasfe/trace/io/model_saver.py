"""ModelSaver: saves a model's weights every few epochs."""
import os

from kerasfe.atomic_file import make_folder, remove_file, save_atomically
from kerasfe.errors import ConfigError
from kerasfe.trace.trace import Trace


class ModelSaver(Trace):
    """Saves `model`'s weights to `save_dir/<model>_epoch_<n>.weights.h5` every `frequency` train epochs.

    Each file is written atomically (a temporary name in `save_dir`, fsynced, renamed); the oldest files
    beyond `max_to_keep` are deleted only once the new one is complete.

    Args:
        model: the model to save.
        save_dir: the folder of the files.
        frequency: save every this many epochs (an int >= 1).
        max_to_keep: keep only the newest this many files (an int >= 1; None: all).

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)], name="net")
        >>> ModelSaver(model, "ckpt", frequency=2).path(4).replace(os.sep, "/")
        'ckpt/net_epoch_4.weights.h5'
    """

    def __init__(self, model, save_dir, frequency=1, max_to_keep=None):
        super().__init__(mode="train")
        if not _is_int_at_least_one(frequency):
            raise ConfigError(f"{self.describe()}: frequency must be an int >= 1 (save every this many epochs); got "
                              f"{frequency!r}. Use frequency=1 to save every epoch")
        if max_to_keep is not None and not _is_int_at_least_one(max_to_keep):
            raise ConfigError(f"{self.describe()}: max_to_keep must be None (keep every file) or an int >= 1; got "
                              f"{max_to_keep!r}, which would delete every file it saves. Use max_to_keep=None or "
                              "max_to_keep=1 (only the newest)")
        self.model, self.save_dir, self.frequency, self.max_to_keep = model, save_dir, frequency, max_to_keep
        self.saved = []

    def path(self, epoch):
        """The file of `epoch`'s weights."""
        return os.path.join(self.save_dir, f"{self.model.name}_epoch_{epoch}.weights.h5")

    def on_begin(self, data):
        make_folder(self.save_dir, self.describe(), "save_dir")

    def on_epoch_end(self, data):
        if self.system.epoch_idx % self.frequency:
            return
        self.system.sync_weights()
        save_atomically(self.model.save_weights, self.path(self.system.epoch_idx))
        self.saved.append(self.path(self.system.epoch_idx))
        while self.max_to_keep is not None and len(self.saved) > self.max_to_keep:
            remove_file(self.saved.pop(0))


def _is_int_at_least_one(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1
