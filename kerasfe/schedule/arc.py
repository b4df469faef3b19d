"""ARC: FastEstimator's adaptive learning-rate controller, a small pretrained network that reads the recent train
losses, eval losses and learning rates and chooses to multiply the learning rate by 1.618, 1.0 or 0.618.

It is used through `LRScheduler(model, lr_fn=ARC(frequency))` (or `lr_fn="arc"`): every `frequency` epochs the
learning rate changes by the multiplier ARC predicts from the last three such cycles.
"""
import collections

import keras
import numpy as np

from kerasfe.dataset.data.download import fetch
from kerasfe.errors import ConfigError

ARC_ORIGIN = "https://github.com/fastestimator-util/fastestimator-misc/raw/master/resource/arc.h5"
ARC_FILE = "arc.h5"  # FastEstimator's weights (Keras 2.4 H5); kept in `<cache_dir>/datasets`
INPUT_LENGTH = 300  # 3 cycles of 100 points per series


class ARC:
    """The adaptive learning-rate controller (FastEstimator's `fe.schedule.ARC`).

    On first use its weights are downloaded from FastEstimator's repository into `<cache_dir>/datasets/arc.h5`
    (`cache_dir`: Keras's, `~/.keras` or `$KERAS_HOME`); offline, a DataError says where to copy the file.

    Args:
        frequency: how many epochs make one cycle; the learning rate may change at the start of each new cycle.
        cache_dir: the folder that holds (or receives) the weights file (None: Keras's cache folder).

    Example:
        >>> model = ARC.lstm_stacked()
        >>> model.input_shape, model.output_shape
        ((None, 300, 3), (None, 3))
    """

    def __init__(self, frequency=3, cache_dir=None):
        if not isinstance(frequency, int) or isinstance(frequency, bool) or frequency < 1:
            raise ConfigError(f"ARC: frequency must be an int > 0 (epochs per cycle); got {frequency!r}")
        self.frequency = frequency
        weights = fetch(ARC_FILE, ARC_ORIGIN, cache_dir=cache_dir)
        self.model = self.lstm_stacked()
        self.model.load_weights(weights)
        self.lr_multiplier = {0: 1.618, 1: 1.0, 2: 0.618}
        self.train_loss_one_cycle, self.eval_loss_one_cycle = [], []
        self.all_train_loss = collections.deque([None] * 3, maxlen=3)
        self.all_eval_loss = collections.deque([None] * 3, maxlen=3)
        self.all_train_lr = collections.deque([None] * 3, maxlen=3)
        self.use_eval_loss = True

    @staticmethod
    def lstm_stacked():
        """ARC's network: two Conv1D + max-pooling blocks, two LSTMs and two Dense layers, over (300, 3) inputs. Its
        weights start at zero (quick to make): ARC loads the trained ones."""
        layers, zero = keras.layers, {"kernel_initializer": "zeros"}
        return keras.Sequential([keras.Input((INPUT_LENGTH, 3)), layers.Conv1D(32, 5, activation="relu", **zero),
                                 layers.MaxPooling1D(2), layers.Conv1D(64, 5, activation="relu", **zero),
                                 layers.MaxPooling1D(2),
                                 layers.LSTM(64, return_sequences=True, recurrent_initializer="zeros", **zero),
                                 layers.LSTM(64, recurrent_initializer="zeros", **zero),
                                 layers.Dense(32, activation="relu", **zero),
                                 layers.Dense(3, activation="softmax", **zero)], name="arc")

    def accumulate_single_train_loss(self, train_loss):
        self.train_loss_one_cycle.append(float(train_loss))

    def accumulate_single_eval_loss(self, eval_loss):
        self.eval_loss_one_cycle.append(float(eval_loss))

    def accumulate_all_lrs(self, lr):
        self.all_train_lr.append(float(lr))

    def gather_multiple_eval_losses(self):
        self.all_eval_loss.append(self.eval_loss_one_cycle)
        self.eval_loss_one_cycle = []

    def gather_multiple_train_losses(self):
        self.all_train_loss.append(self.train_loss_one_cycle)
        self.train_loss_one_cycle = []

    def model_inputs(self):
        """The (1, 300, 3) input of ARC's network from the last three cycles: the train losses (resized, then
        standardized), the eval losses (standardized, then resized; zeros without eval data) and the learning rates
        relative to the first (resized), each left-padded when fewer than three cycles ran.

        Example:
            >>> arc = ARC.__new__(ARC)
            >>> arc.all_train_loss = [None, [3.0, 2.0], [1.0, 0.5]]
            >>> arc.all_eval_loss, arc.all_train_lr = [None, [2.0], [1.0]], [None, 0.1, 0.05]
            >>> inputs = arc.model_inputs()
            >>> inputs.shape, inputs[0, 99].tolist(), inputs[0, 299, 1:].tolist()
            ((1, 300, 3), [0.0, 0.0, 1.0], [-1.0, 0.5])
        """
        import cv2  # OpenCV's resizing, as FastEstimator's (OpenCV comes with albumentations)

        def merge(items):
            values = [value for item in items if item for value in (item if isinstance(item, list) else [item])]
            return values, sum(1 for item in items if not item)

        def fit(column, pad):
            return np.pad(column, ((INPUT_LENGTH - column.size, 0), (0, 0)), constant_values=pad)

        def column(values):  # (n, 1): OpenCV 5 would read a 1-D array as a row, OpenCV 4 (FastEstimator's) as this
            return np.array(values, "float32")[:, None]

        train, missing = merge(self.all_train_loss)
        train = _zscore(cv2.resize(column(train), (1, (3 - missing) * 100)))
        val, val_missing = merge(self.all_eval_loss)
        val = fit(cv2.resize(_zscore(column(val)), (1, (3 - val_missing) * 100), interpolation=cv2.INTER_NEAREST),
                  0.0) if val else np.zeros((INPUT_LENGTH, 1), "float32")
        lrs, lr_missing = merge(self.all_train_lr)
        lrs = cv2.resize(column(lrs) / lrs[0], (1, (3 - lr_missing) * 100), interpolation=cv2.INTER_NEAREST)
        columns = [fit(train, 0.0), val, fit(lrs, 1.0)]
        return np.concatenate(columns, axis=1)[None].astype("float32")

    def predict_next_multiplier(self):
        """The learning-rate multiplier (1.618, 1.0 or 0.618) ARC's network chooses from the last three cycles."""
        prediction = keras.ops.convert_to_numpy(self.model(self.model_inputs(), training=False))
        return self.lr_multiplier[int(np.argmax(prediction))]

    def multiplier_at(self, epoch):
        """The multiplier for the learning rate at the start of train epoch `epoch` (None: no change then): at the
        first epoch of every cycle but the first."""
        if epoch > 1 and (epoch % self.frequency == 1 or self.frequency == 1):
            return self.predict_next_multiplier()
        return None

    def end_epoch(self, mode, epoch, loss, lr):
        """Records an epoch's end: the mean eval `loss` (mode "eval"), or the learning rate `lr` (mode "train");
        a cycle's series are closed at its last epoch."""
        if mode == "eval":
            self.accumulate_single_eval_loss(loss)
            if epoch % self.frequency == 0:
                self.gather_multiple_eval_losses()
        elif mode == "train" and epoch % self.frequency == 0:
            self.accumulate_all_lrs(lr)
            self.gather_multiple_train_losses()


def _zscore(values):
    """scipy.stats.zscore, but a constant series (one eval loss, say) gives zeros, not NaN (which would make ARC's
    network choose 1.618 whatever it saw)."""
    from scipy.stats import zscore  # SciPy comes with scikit-learn

    return zscore(values) if values.std() > 0 else np.zeros_like(values)

