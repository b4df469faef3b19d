"""LossOp: the base of the loss ops. They read (y_pred, y_true) and write a scalar or per-sample loss, weighted
by the batch's sample weights when it has some."""
import keras

from kerasfe.errors import ConfigError
from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.tensorop import TensorOp

SAMPLE_WEIGHT = "sample_weight"  # the batch key of per-sample loss weights (Keras's `sample_weight`)


def mean_per_sample(values):
    """Averages a loss over every axis but the batch axis, giving one value per sample.

    Example:
        >>> import keras
        >>> tuple(mean_per_sample(keras.ops.ones((4, 8, 8))).shape)
        (4,)
    """
    if len(values.shape) <= 1:
        return values
    return keras.ops.mean(values, axis=tuple(range(1, len(values.shape))))


def sample_weighted(loss, state):
    """`loss` (batch first, any rank) times the batch's sample weights `state["sample_weight"]` when it has some.

    Example:
        >>> import keras
        >>> weights = keras.ops.convert_to_tensor([0.0, 2.0])
        >>> keras.ops.convert_to_numpy(sample_weighted(keras.ops.ones((2, 2)), {"sample_weight": weights})).tolist()
        [[0.0, 0.0], [2.0, 2.0]]
    """
    weight = state.get(SAMPLE_WEIGHT)
    if weight is None:
        return loss
    return loss * keras.ops.reshape(keras.ops.cast(weight, loss.dtype), (-1,) + (1,) * (len(loss.shape) - 1))


def shape_of(tensor):
    """A tensor's static shape as a tuple (None for unknown sizes)."""
    return tuple(tensor.shape)


def same_shape(shape, other):
    """Whether two static shapes agree (an unknown size agrees with any).

    Example:
        >>> same_shape((None, 3), (4, 3)), same_shape((4, 1), (4,))
        (True, False)
    """
    return len(shape) == len(other) and all(a is None or b is None or a == b for a, b in zip(shape, other))


def without_trailing_ones(shape):
    """The shape with its trailing size-1 axes dropped (the batch axis kept).

    Example:
        >>> without_trailing_ones((4, 1)), without_trailing_ones((4, 3, 1))
        ((4,), (4, 3))
    """
    while len(shape) > 1 and shape[-1] == 1:
        shape = shape[:-1]
    return shape


def at_least_2d(tensor):
    """Adds a trailing axis to a rank-1 tensor, for keras losses that reduce the last axis."""
    return keras.ops.expand_dims(tensor, -1) if len(tensor.shape) == 1 else tensor


@serializable
class LossOp(TensorOp):
    """Base of loss ops: `inputs=(y_pred, y_true)`, one output key.

    Subclasses implement `per_sample_loss(y_pred, y_true)`, returning one value per sample.
    Losses are computed in float32 even under a mixed-precision policy. When the batch has a
    "sample_weight" key (from `fit(sample_weight=...)`, `class_weight`, a 3-tuple `(x, y, sample_weight)`
    or the data itself), the Network hands it to the loss ops (`state["sample_weight"]`): each sample's
    loss is multiplied by its weight and the mean is `sum(weight * loss) / batch size`, as Keras reduces a
    weighted loss (so a weight of 0 drops a sample but still counts it in the batch size).

    Args:
        inputs: (prediction key, ground-truth key).
        outputs: the loss key.
        mode: defaults to every mode but "infer" (labels are absent there).
        average_loss: write the batch mean (a scalar); False keeps one value per sample on the bus
            (UpdateOp then averages it).

    Example:
        >>> import keras
        >>> class AbsError(LossOp):
        ...     def per_sample_loss(self, y_pred, y_true):
        ...         return mean_per_sample(keras.ops.abs(y_pred - y_true))
        >>> op = AbsError(inputs=("y_pred", "y"), outputs="mae")
        >>> float(op.forward([keras.ops.ones((2, 3)), keras.ops.zeros((2, 3))], {"mode": "train"}))
        1.0
        >>> weights = keras.ops.convert_to_tensor([0.0, 3.0])
        >>> float(op.forward([keras.ops.ones((2, 3)), keras.ops.zeros((2, 3))], {"sample_weight": weights}))
        1.5
    """

    elementwise = False  # a loss of matching elements, whose y_pred and y_true must have one shape

    def __init__(self, inputs, outputs, mode="!infer", ds_id=None, average_loss=True):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        if len(self.inputs) != 2 or len(self.outputs) != 1:
            raise ConfigError(f"{self.describe()} takes inputs=(y_pred_key, y_true_key) and one output key; "
                              f"got inputs={self.inputs}, outputs={self.outputs}")
        self.average_loss = average_loss

    def forward(self, data, state):
        y_pred, y_true = data
        self.check_inputs(y_pred, y_true, state.get("mode"))
        y_pred = keras.ops.cast(y_pred, "float32")
        return self.reduce(self.per_sample_loss(y_pred, y_true), state)

    def reduce(self, loss, state):
        """Weighs per-sample losses by `state["sample_weight"]` (if any), then averages them unless
        `average_loss` is False."""
        weight = state.get(SAMPLE_WEIGHT)
        if weight is not None:
            if len(weight.shape) > 1 and any(size != 1 for size in weight.shape[1:]):
                raise ConfigError(f"{self.describe()}: sample_weight must hold one weight per sample, shape "
                                  f"(batch,) or (batch, 1); got shape {tuple(weight.shape)}")
            loss = loss * keras.ops.reshape(keras.ops.cast(weight, loss.dtype), keras.ops.shape(loss))
        return keras.ops.mean(loss) if self.average_loss else loss

    def check_inputs(self, y_pred, y_true, mode):
        """Raises a ConfigError (naming the op, its keys and `mode`) when the shapes or dtypes of (y_pred, y_true)
        do not fit this loss; checked on static shapes, so it costs nothing in a compiled step. By default
        only an `elementwise` loss checks that both have one shape."""
        if self.elementwise and not same_shape(shape_of(y_pred), shape_of(y_true)):
            raise self.shape_mismatch(y_pred, y_true, mode)

    def check_labels(self, y_pred, labels, mode):
        """Raises a DataError when the values of `labels` (numpy, the first batch of `mode`) cannot be labels of
        the prediction `y_pred` (a KerasTensor). By default every value is accepted."""

    def shape_mismatch(self, y_pred, y_true, mode):
        """The ConfigError of predictions and labels whose shapes differ (which the loss would broadcast)."""
        pred_key, true_key = self.inputs
        return ConfigError(f"{self.describe()} reads '{pred_key}' of shape {shape_of(y_pred)} and '{true_key}' of "
                           f"shape {shape_of(y_true)} in mode '{mode}': the shapes differ, and the loss would "
                           "broadcast them (e.g. (B, 1) against (B,) gives (B, B)); fix: give both the same shape "
                           "(e.g. ExpandDims or Reshape on one of them)")

    def per_sample_loss(self, y_pred, y_true):
        """The loss of each sample, shape (batch,)."""
        raise NotImplementedError(f"{self.describe()} must implement per_sample_loss(y_pred, y_true)")
