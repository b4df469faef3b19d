"""Hinge loss op."""
import keras

from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.loss.loss_op import (LossOp, at_least_2d, mean_per_sample, same_shape, shape_of,
                                              without_trailing_ones)


@serializable
class Hinge(LossOp):
    """Hinge loss `max(0, 1 - y_true * y_pred)`; labels are -1/1 (0/1 labels are mapped to -1/1).

    Example:
        >>> import keras, numpy as np
        >>> op = Hinge(inputs=("y_pred", "y"), outputs="hinge")
        >>> y_pred = keras.ops.convert_to_tensor(np.array([0.5, -2.0], "float32"))
        >>> float(op.forward([y_pred, np.array([1.0, -1.0], "float32")], {"mode": "train"}))
        0.25
    """

    def check_inputs(self, y_pred, y_true, mode):
        if not same_shape(without_trailing_ones(shape_of(y_pred)), without_trailing_ones(shape_of(y_true))):
            raise self.shape_mismatch(y_pred, y_true, mode)

    def per_sample_loss(self, y_pred, y_true):
        y_pred = at_least_2d(y_pred)
        y_true = keras.ops.reshape(keras.ops.cast(y_true, y_pred.dtype), keras.ops.shape(y_pred))
        return mean_per_sample(keras.losses.hinge(y_true, y_pred))
