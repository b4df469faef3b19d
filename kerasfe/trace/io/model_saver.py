"""ModelSaver: saves a model's weights every few epochs."""
import os

from kerasfe.trace.trace import Trace


class ModelSaver(Trace):
    """Saves `model`'s weights to `save_dir/<model>_epoch_<n>.weights.h5` every `frequency` train epochs.

    Args:
        model: the model to save.
        save_dir: the folder of the files.
        frequency: save every this many epochs.
        max_to_keep: keep only the newest this many files (None: all).

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)], name="net")
        >>> ModelSaver(model, "ckpt", frequency=2).path(4).replace(os.sep, "/")
        'ckpt/net_epoch_4.weights.h5'
    """

    def __init__(self, model, save_dir, frequency=1, max_to_keep=None):
        super().__init__(mode="train")
        self.model, self.save_dir, self.frequency, self.max_to_keep = model, save_dir, frequency, max_to_keep
        self.saved = []

    def path(self, epoch):
        """The file of `epoch`'s weights."""
        return os.path.join(self.save_dir, f"{self.model.name}_epoch_{epoch}.weights.h5")

    def on_begin(self, data):
        os.makedirs(self.save_dir, exist_ok=True)

    def on_epoch_end(self, data):
        if self.system.epoch_idx % self.frequency:
            return
        self.system.sync_weights()
        self.model.save_weights(self.path(self.system.epoch_idx))
        self.saved.append(self.path(self.system.epoch_idx))
        while self.max_to_keep is not None and len(self.saved) > self.max_to_keep:
            os.remove(self.saved.pop(0))
