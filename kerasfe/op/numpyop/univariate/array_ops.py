"""Array NumpyOps that also run on whole batches: ExpandDims, Reshape, ToFloat, Binarize, Minmax, Normalize,
Onehot."""
import numpy as np

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop.univariate.univariate import BatchableOp


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
