"""Batch mixing augmentations: MixUpBatch and CutMixBatch."""
import keras

from kerasfe.errors import ConfigError
from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.random_op import RandomOp


class _MixOp(RandomOp):
    """Mixes each sample with the next one in the batch (`roll` by one); labels are mixed in proportion."""

    def __init__(self, inputs, outputs, alpha, num_classes, mode, seed):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, seed=seed)
        if len(self.inputs) != 2 or len(self.outputs) != 2:
            raise ConfigError(f"{self.describe()} takes inputs=(x_key, y_key) and outputs=(x_key, y_key); got "
                              f"inputs={self.inputs}, outputs={self.outputs}")
        if alpha <= 0:
            raise ConfigError(f"{self.describe()}: alpha must be positive; got {alpha}")
        self.alpha, self.num_classes = alpha, num_classes

    def soft_labels(self, y):
        if len(y.shape) == 1:
            if self.num_classes is None:
                raise ConfigError(f"{self.describe()}: labels are class indices; give num_classes to one-hot them")
            return keras.ops.one_hot(keras.ops.cast(y, "int32"), self.num_classes)
        return keras.ops.cast(y, "float32")

    def mixing_weight(self, seed):
        return keras.random.beta((), self.alpha, self.alpha, seed=seed)


@serializable
class MixUpBatch(_MixOp):
    """MixUp (Zhang et al. 2018): `x = lam * x + (1 - lam) * x_next`, the same for the one-hot labels,
    with one `lam ~ Beta(alpha, alpha)` per batch and `x_next` the next sample of the batch.

    Args:
        inputs: (x key, y key); y one-hot / soft labels, or class indices with `num_classes`.
        outputs: (mixed x key, mixed y key).
        alpha: the Beta distribution's parameter.
        num_classes: one-hot class-index labels to this many classes.

    Example:
        >>> import keras, numpy as np
        >>> op = MixUpBatch(inputs=("x", "y"), outputs=("x", "y"), num_classes=2, seed=0)
        >>> x, y = op.forward([keras.ops.ones((4, 3)), np.array([0, 1, 0, 1])], {})
        >>> float(keras.ops.min(x)), keras.ops.convert_to_numpy(keras.ops.sum(y, axis=1)).tolist()
        (1.0, [1.0, 1.0, 1.0, 1.0])
    """

    def __init__(self, inputs, outputs, alpha=1.0, num_classes=None, mode="train", seed=None):
        super().__init__(inputs, outputs, alpha, num_classes, mode, seed)

    def forward(self, data, state):
        x, y = data
        y = self.soft_labels(y)
        lam = self.random(state, self.mixing_weight)
        mixed_x = keras.ops.cast(lam, x.dtype) * x + keras.ops.cast(1 - lam, x.dtype) * keras.ops.roll(x, 1, axis=0)
        return mixed_x, lam * y + (1 - lam) * keras.ops.roll(y, 1, axis=0)


@serializable
class CutMixBatch(_MixOp):
    """CutMix (Yun et al. 2019): pastes a random box of the next sample of the batch into each image
    (channels last); labels mix by the pasted area. Box area ~ `1 - lam`, `lam ~ Beta(alpha, alpha)`,
    box center uniform, the box clipped to the image; one box per batch.

    Args:
        inputs: (x key, y key); x shaped (batch, height, width, channels).
        outputs: (mixed x key, mixed y key).
        alpha: the Beta distribution's parameter.
        num_classes: one-hot class-index labels to this many classes.

    Example:
        >>> import keras, numpy as np
        >>> op = CutMixBatch(inputs=("x", "y"), outputs=("x", "y"), num_classes=2, seed=0)
        >>> x = keras.ops.convert_to_tensor(np.arange(2, dtype="float32").reshape(2, 1, 1, 1) * np.ones((1, 8, 8, 1)))
        >>> mixed, y = op.forward([x, np.array([0, 1])], {})
        >>> pasted = keras.ops.convert_to_numpy(keras.ops.mean(mixed[0]))  # sample 0 holds zeros and pastes ones
        >>> bool(np.isclose(pasted, keras.ops.convert_to_numpy(y)[0, 1]))
        True
    """

    def __init__(self, inputs, outputs, alpha=1.0, num_classes=None, mode="train", seed=None):
        super().__init__(inputs, outputs, alpha, num_classes, mode, seed)

    def forward(self, data, state):
        x, y = data
        y = self.soft_labels(y)
        height, width = x.shape[1], x.shape[2]
        lam, center_y, center_x = self.random(state, lambda seed: (
            self.mixing_weight(seed), keras.random.uniform((), 0, height, seed=seed),
            keras.random.uniform((), 0, width, seed=seed)))
        ratio = keras.ops.sqrt(1.0 - lam)
        half_h, half_w = keras.ops.floor(ratio * height / 2), keras.ops.floor(ratio * width / 2)
        center_y, center_x = keras.ops.floor(center_y), keras.ops.floor(center_x)
        top, bottom = keras.ops.clip(center_y - half_h, 0, height), keras.ops.clip(center_y + half_h, 0, height)
        left, right = keras.ops.clip(center_x - half_w, 0, width), keras.ops.clip(center_x + half_w, 0, width)
        rows = keras.ops.arange(height, dtype="float32")[:, None]
        cols = keras.ops.arange(width, dtype="float32")[None, :]
        box = keras.ops.logical_and(keras.ops.logical_and(rows >= top, rows < bottom),
                                    keras.ops.logical_and(cols >= left, cols < right))
        mixed = keras.ops.where(box[None, :, :, None], keras.ops.roll(x, 1, axis=0), x)
        pasted = (bottom - top) * (right - left) / (height * width)
        return mixed, (1 - pasted) * y + pasted * keras.ops.roll(y, 1, axis=0)
