"""Array NumpyOps, most of which also run on whole batches: ExpandDims, Reshape, ToFloat, Binarize, Minmax,
Normalize, Onehot, ChannelTranspose, ToArray, Hadamard, Calibrate."""
import os
import pickle

import numpy as np
from scipy.linalg import hadamard

from kerasfe.errors import ConfigError, DataError, WrongTypeError
from kerasfe.op.numpyop.univariate.univariate import BatchableOp, UnivariateOp


class ExpandDims(BatchableOp):
    """Adds an axis of size 1 (by default a last, channel axis).

    Example:
        >>> import numpy as np
        >>> tuple(ExpandDims(inputs="x").forward(np.zeros((28, 28)), {"mode": "train"}).shape)
        (28, 28, 1)
    """

    def __init__(self, inputs, outputs=None, mode=None, ds_id=None, axis=-1):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        self.axis = axis

    def transform(self, value, state):
        return np.expand_dims(value, self.axis)

    def transform_batch(self, batch, state):
        return np.expand_dims(batch, self.axis + 1 if self.axis >= 0 else self.axis)


class Reshape(BatchableOp):
    """Reshapes each sample to `shape`.

    Example:
        >>> import numpy as np
        >>> tuple(Reshape(shape=(2, 3), inputs="x").forward(np.arange(6), {"mode": "train"}).shape)
        (2, 3)
    """

    def __init__(self, shape, inputs, outputs=None, mode=None, ds_id=None):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        self.shape = tuple(shape)

    def transform(self, value, state):
        return np.reshape(value, self.shape)

    def transform_batch(self, batch, state):
        return np.reshape(batch, (len(batch),) + self.shape)


class ToFloat(BatchableOp):
    """Casts to float32, dividing by `max_value` when given.

    Example:
        >>> import numpy as np
        >>> ToFloat(inputs="x", max_value=255).forward(np.array([0, 51], "uint8"), {"mode": "train"}).tolist()
        [0.0, 0.20000000298023224]
    """

    def __init__(self, inputs, outputs=None, mode=None, ds_id=None, max_value=None):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        self.max_value = max_value

    def transform(self, value, state):
        value = np.asarray(value, dtype="float32")
        return value if self.max_value is None else value / np.float32(self.max_value)


class Binarize(BatchableOp):
    """1.0 where the value is at least `threshold` (as FastEstimator: `>=`), else 0.0 (float32).

    Example:
        >>> import numpy as np
        >>> Binarize(threshold=0.5, inputs="x").forward(np.array([0.2, 0.5, 0.7]), {"mode": "train"}).tolist()
        [0.0, 1.0, 1.0]
    """

    def __init__(self, threshold, inputs, outputs=None, mode=None, ds_id=None):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        self.threshold = threshold

    def transform(self, value, state):
        return (np.asarray(value) >= self.threshold).astype("float32")


class Minmax(BatchableOp):
    """Rescales each sample linearly so that its minimum becomes `new_min` and its maximum `new_max` (float32).

    Example:
        >>> import numpy as np
        >>> Minmax(inputs="x").forward(np.array([2.0, 4.0, 6.0]), {"mode": "train"}).tolist()
        [0.0, 0.5, 1.0]
    """

    def __init__(self, inputs, outputs=None, mode=None, ds_id=None, new_min=0.0, new_max=1.0, epsilon=1e-7):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        if new_max <= new_min:
            raise ConfigError(f"Minmax: new_max ({new_max}) must exceed new_min ({new_min})")
        self.new_min, self.new_max, self.epsilon = new_min, new_max, epsilon

    def transform(self, value, state):
        return self._rescale(np.asarray(value, "float32"), axis=None)

    def transform_batch(self, batch, state):
        batch = np.asarray(batch, "float32")
        return self._rescale(batch, axis=tuple(range(1, batch.ndim)))

    def _rescale(self, value, axis):
        low, high = value.min(axis=axis, keepdims=True), value.max(axis=axis, keepdims=True)
        scale = np.float32(self.new_max - self.new_min) / np.maximum(high - low, np.float32(self.epsilon))
        return (value - low) * scale + np.float32(self.new_min)


class Normalize(BatchableOp):
    """(value / max_pixel_value - mean) / std, per channel (the last axis), as float32.

    Args:
        mean, std: a number or one per channel.
        max_pixel_value: what the raw values are divided by first (255 for uint8 images; 1 for none).

    Example:
        >>> import numpy as np
        >>> op = Normalize(inputs="x", mean=0.5, std=0.25, max_pixel_value=1.0)
        >>> op.forward(np.array([0.0, 0.5, 1.0]), {"mode": "train"}).tolist()
        [-2.0, 0.0, 2.0]
    """

    def __init__(self, inputs, outputs=None, mode=None, ds_id=None, mean=(0.485, 0.456, 0.406),
                 std=(0.229, 0.224, 0.225), max_pixel_value=255.0):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        std = np.asarray(std, "float32")
        if np.any(std <= 0):
            raise ConfigError(f"Normalize: std must be positive; got {std.tolist()}")
        self.scale = 1.0 / (std * np.float32(max_pixel_value))
        self.shift = -np.asarray(mean, "float32") / std

    def transform(self, value, state):
        out = np.multiply(value, self.scale, dtype=np.float32, casting="unsafe")  # one new array, shifted in place
        out += self.shift
        return out


class Onehot(BatchableOp):
    """Turns class indices into one-hot float32 vectors, optionally with label smoothing.

    Smoothing `s` gives `1 - s + s / num_classes` to the true class and `s / num_classes` to the others.

    Example:
        >>> import numpy as np
        >>> Onehot(num_classes=3, inputs="y").forward(np.array(2), {"mode": "train"}).tolist()
        [0.0, 0.0, 1.0]
        >>> Onehot(num_classes=3, inputs="y").forward(np.array([1]), {"mode": "train"}).shape
        (3,)
        >>> Onehot(num_classes=4, label_smoothing=0.2, inputs="y").forward(np.array(0), {"mode": "train"}).tolist()
        [0.8500000238418579, 0.05000000074505806, 0.05000000074505806, 0.05000000074505806]
    """

    def __init__(self, num_classes, inputs, outputs=None, mode=None, ds_id=None, label_smoothing=0.0):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        if not 0.0 <= label_smoothing < 1.0:
            raise ConfigError(f"Onehot: label_smoothing must be in [0, 1); got {label_smoothing}")
        low = label_smoothing / num_classes
        self.table = np.full((num_classes, num_classes), low, "float32")
        np.fill_diagonal(self.table, 1.0 - label_smoothing + low)
        self.num_classes = num_classes

    def transform(self, value, state):
        value = np.asarray(value)
        if value.size == 1:  # a label of shape (1,) (or (1, 1)) is one class, as in FastEstimator: (C,)
            value = value.reshape(())
        return self._lookup(value)

    def transform_batch(self, batch, state):
        batch = np.asarray(batch)
        if batch.ndim > 1 and batch[0].size == 1:
            batch = batch.reshape(len(batch))
        return self._lookup(batch)

    def _lookup(self, value):
        """The rows of the (smoothed) one-hot table for the class indices `value`."""
        if value.size and (value.min() < 0 or value.max() >= self.num_classes):
            raise ConfigError(f"Onehot: class indices must be in [0, {self.num_classes}); got {value.tolist()}")
        return self.table[value.astype("int64")]


class ChannelTranspose(BatchableOp):
    """Permutes the axes of each sample by `axes` (default (2, 0, 1): channels-last to channels-first).

    Example:
        >>> import numpy as np
        >>> tuple(ChannelTranspose(inputs="x").forward(np.zeros((4, 5, 3)), {"mode": "train"}).shape)
        (3, 4, 5)
    """

    def __init__(self, inputs, outputs=None, mode=None, ds_id=None, axes=(2, 0, 1)):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        self.axes = tuple(axes)

    def transform(self, value, state):
        return np.transpose(value, self.axes)

    def transform_batch(self, batch, state):
        return np.transpose(batch, (0,) + tuple(axis + 1 for axis in self.axes))


class ToArray(UnivariateOp):
    """Turns each input (a number, a list, an array) into a numpy array of `dtype` (None: inferred).

    Example:
        >>> ToArray(inputs="x", dtype="float32").forward([1, 2], {"mode": "train"}).dtype.name
        'float32'
    """

    def __init__(self, inputs, outputs=None, mode=None, ds_id=None, dtype=None):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        self.dtype = dtype

    def transform(self, value, state):
        return np.array(value, dtype=self.dtype)


class Hadamard(BatchableOp):
    """Turns class indices into rows of a Hadamard matrix (error-correcting codes of `code_length`, a power of 2
    >= n_classes, by default the smallest), as FastEstimator does: first column alternating -1, 1.

    Example:
        >>> import numpy as np
        >>> Hadamard(inputs="y", n_classes=3).forward(np.array(1), {"mode": "train"}).tolist()
        [1.0, -1.0, 1.0, -1.0]
    """

    def __init__(self, inputs, outputs=None, n_classes=None, code_length=None, mode=None, ds_id=None):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        if len(self.inputs) != len(self.outputs):
            raise ConfigError(f"Hadamard: needs as many outputs as inputs; got {self.inputs} -> {self.outputs}")
        if not isinstance(n_classes, int) or n_classes < 1:
            raise ConfigError(f"Hadamard: n_classes must be a positive int; got {n_classes!r}")
        code_length = 1 << (n_classes - 1).bit_length() if code_length is None else code_length
        if code_length <= 0 or code_length & (code_length - 1):
            raise ConfigError(f"Hadamard: code_length must be a positive power of 2; got {code_length}")
        if code_length < n_classes:
            raise ConfigError(f"Hadamard: code_length ({code_length}) must be >= n_classes ({n_classes})")
        labels = hadamard(code_length).astype("float32")
        labels[np.arange(0, code_length, 2), 0] = -1  # the first column alternates
        self.labels, self.n_classes, self.code_length = labels[:n_classes], n_classes, code_length

    def transform(self, value, state):
        value = np.asarray(value)
        if value.size and (value.min() < 0 or value.max() >= self.n_classes):
            raise ConfigError(f"Hadamard: class indices must be in [0, {self.n_classes}); got {value.tolist()}")
        return self.labels[value.astype("int64")]


class Calibrate(BatchableOp):
    """Applies a calibration function to predictions (e.g. the one PBMCalibrator fits), by default in "test" and
    "infer" only.

    Args:
        calibration_fn: a function of a batch of predictions, or the path of a pickled one (loaded on first use,
            so the file may be written during training; while `state["warmup"]` is set the data pass unchanged).

    Example:
        >>> import numpy as np
        >>> op = Calibrate(inputs="p", outputs="p", calibration_fn=lambda p: p / p.sum(axis=-1, keepdims=True))
        >>> op.forward(np.array([1.0, 3.0]), {"mode": "test"}).tolist()
        [0.25, 0.75]
    """

    def __init__(self, inputs, outputs=None, calibration_fn=None, mode=("test", "infer"), ds_id=None):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        if isinstance(calibration_fn, str):
            calibration_fn = os.path.abspath(os.path.normpath(calibration_fn))
        elif not callable(calibration_fn):
            raise WrongTypeError(f"Calibrate: calibration_fn must be a function or a file path; got "
                                 f"{type(calibration_fn).__name__}")
        self.calibration_fn = calibration_fn

    def transform(self, value, state):
        return self.transform_batch(np.asarray(value)[None], state)[0]

    def transform_batch(self, batch, state):
        if isinstance(self.calibration_fn, str):
            if state.get("warmup"):
                return batch
            if not os.path.exists(self.calibration_fn):
                raise DataError(f"Calibrate: no calibration function at '{self.calibration_fn}' (mode "
                                f"{state['mode']}); write it first (e.g. with PBMCalibrator) or pass a function")
            with open(self.calibration_fn, "rb") as file:
                self.calibration_fn = pickle.load(file)
        return self.calibration_fn(np.asarray(batch))
