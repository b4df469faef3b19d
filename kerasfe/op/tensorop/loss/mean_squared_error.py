"""MeanSquaredError loss op."""
from kerasfe.backend.loss_functions import mean_squared_error
from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.loss.loss_op import LossOp, mean_per_sample


@serializable
class MeanSquaredError(LossOp):
    """Mean squared error between y_pred and y_true, averaged over every non-batch axis.

    Example:
        >>> import keras
        >>> op = MeanSquaredError(inputs=("y_pred", "y"), outputs="mse")
        >>> float(op.forward([keras.ops.full((2, 3), 3.0), keras.ops.ones((2, 3))], {"mode": "train"}))
        4.0
    """

    elementwise = True  # y_pred and y_true must have one shape

    def per_sample_loss(self, y_pred, y_true):
        return mean_per_sample(mean_squared_error(y_true, y_pred))
