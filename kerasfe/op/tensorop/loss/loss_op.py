"""LossOp: the base of the loss ops. They read (y_pred, y_true) and write a scalar or per-sample loss."""
import keras

from kerasfe.errors import ConfigError
from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.tensorop import TensorOp


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


def at_least_2d(tensor):
    """Adds a trailing axis to a rank-1 tensor, for keras losses that reduce the last axis."""
    return keras.ops.expand_dims(tensor, -1) if len(tensor.shape) == 1 else tensor


@serializable
class LossOp(TensorOp):
    """Base of loss ops: `inputs=(y_pred, y_true)`, one output key.

    Subclasses implement `per_sample_loss(y_pred, y_true)`, returning one value per sample.
    Losses are computed in float32 even under a mixed-precision policy.

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
    """

    def __init__(self, inputs, outputs, mode="!infer", ds_id=None, average_loss=True):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        if len(self.inputs) != 2 or len(self.outputs) != 1:
            raise ConfigError(f"{self.describe()} takes inputs=(y_pred_key, y_true_key) and one output key; "
                              f"got inputs={self.inputs}, outputs={self.outputs}")
        self.average_loss = average_loss

    def forward(self, data, state):
        y_pred, y_true = data
        y_pred = keras.ops.cast(y_pred, "float32")
        loss = self.per_sample_loss(y_pred, y_true)
        return keras.ops.mean(loss) if self.average_loss else loss

    def per_sample_loss(self, y_pred, y_true):
        """The loss of each sample, shape (batch,)."""
        raise NotImplementedError(f"{self.describe()} must implement per_sample_loss(y_pred, y_true)")
