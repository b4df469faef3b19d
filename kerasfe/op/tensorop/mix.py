"""Batch mixing augmentations: MixUpBatch and CutMixBatch."""
import keras

from kerasfe.errors import ConfigError
from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.random_op import RandomOp


class _MixOp(RandomOp):
    """Mixes each sample with the next one in the batch (`roll` by one); labels are mixed in proportion."""

    def __init__(self, inputs, outputs, alpha, num_classes, mode, ds_id, seed):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id, seed=seed)
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

    def mixing_weight(self, seed, shape=()):
        """`lam ~ Beta(alpha, alpha)`, folded to `max(lam, 1 - lam)` (each sample keeps the larger share), as
        FastEstimator draws it."""
        lam = keras.random.beta(shape, self.alpha, self.alpha, seed=seed)
        return keras.ops.maximum(lam, 1.0 - lam)


@serializable
class MixUpBatch(_MixOp):
    """MixUp (Zhang et al. 2018): `x = lam * x + (1 - lam) * x_prev`, the same for the one-hot labels, with
    `x_prev` the previous sample of the batch (`roll` by one) and `lam ~ Beta(alpha, alpha)` folded to
    `max(lam, 1 - lam)`: one per sample, or one per batch with `shared_beta`.

    Args:
        inputs: (x key, y key); y one-hot / soft labels, or class indices with `num_classes`.
        outputs: (mixed x key, mixed y key).
        alpha: the Beta distribution's parameter.
        shared_beta: one `lam` for the whole batch.
        num_classes: one-hot class-index labels to this many classes (kerasfe's addition).

    Example:
        >>> import keras, numpy as np
        >>> op = MixUpBatch(inputs=("x", "y"), outputs=("x", "y"), num_classes=2, seed=0)
        >>> x, y = op.forward([keras.ops.ones((4, 3)), np.array([0, 1, 0, 1])], {})
        >>> float(keras.ops.min(x)), keras.ops.convert_to_numpy(keras.ops.sum(y, axis=1)).tolist()
        (1.0, [1.0, 1.0, 1.0, 1.0])
    """

    def __init__(self, inputs, outputs, mode="train", ds_id=None, alpha=1.0, shared_beta=False, num_classes=None,
                 seed=None):
        super().__init__(inputs, outputs, alpha, num_classes, mode, ds_id, seed)
        self.shared_beta = shared_beta

    def forward(self, data, state):
        x, y = data
        y = self.soft_labels(y)
        shape = () if self.shared_beta else (x.shape[0] if x.shape[0] is not None else keras.ops.shape(x)[0],)
        lam = self.random(state, lambda seed: self.mixing_weight(seed, shape))

        def per_sample(value):
            weight = keras.ops.cast(lam, value.dtype)
            return weight if self.shared_beta else keras.ops.reshape(weight, (-1,) + (1,) * (len(value.shape) - 1))

        lam_x, lam_y = per_sample(x), per_sample(y)
        mixed_x = lam_x * x + (1 - lam_x) * keras.ops.roll(x, 1, axis=0)
        return mixed_x, lam_y * y + (1 - lam_y) * keras.ops.roll(y, 1, axis=0)


@serializable
class CutMixBatch(_MixOp):
    """CutMix (Yun et al. 2019): pastes a random box of the previous sample of the batch into each image
    (channels last); labels mix by the pasted area. Box area ~ `1 - lam`, `lam ~ Beta(alpha, alpha)` folded to
    `max(lam, 1 - lam)`, box center uniform, the box clipped to the image; one box per batch.

    Args:
        inputs: (x key, y key); x shaped (batch, height, width, channels).
        outputs: (mixed x key, mixed y key).
        alpha: the Beta distribution's parameter.
        num_classes: one-hot class-index labels to this many classes (kerasfe's addition).

    Example:
        >>> import keras, numpy as np
        >>> op = CutMixBatch(inputs=("x", "y"), outputs=("x", "y"), num_classes=2, seed=0)
        >>> x = keras.ops.convert_to_tensor(np.arange(2, dtype="float32").reshape(2, 1, 1, 1) * np.ones((1, 8, 8, 1)))
        >>> mixed, y = op.forward([x, np.array([0, 1])], {})
        >>> pasted = keras.ops.convert_to_numpy(keras.ops.mean(mixed[0]))  # sample 0 holds zeros and pastes ones
        >>> bool(np.isclose(pasted, keras.ops.convert_to_numpy(y)[0, 1]))
        True
    """

    def __init__(self, inputs, outputs, mode="train", ds_id=None, alpha=1.0, num_classes=None, seed=None):
        super().__init__(inputs, outputs, alpha, num_classes, mode, ds_id, seed)

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
