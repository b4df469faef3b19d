"""CrossEntropy: binary, categorical or sparse categorical, chosen from the shapes."""
import keras

from kerasfe.errors import ConfigError
from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.loss.loss_op import LossOp, at_least_2d, mean_per_sample

FORMS = ("binary", "categorical", "sparse")


def infer_form(pred_shape, true_shape):
    """Picks the cross-entropy form from static shapes.

    Example:
        >>> infer_form((32, 10), (32,)), infer_form((32, 10), (32, 10)), infer_form((32, 1), (32,))
        ('sparse', 'categorical', 'binary')
    """
    if len(pred_shape) == 1 or pred_shape[-1] == 1:
        return "binary"
    if len(true_shape) == len(pred_shape) and true_shape[-1] == pred_shape[-1]:
        return "categorical"
    return "sparse"


@serializable
class CrossEntropy(LossOp):
    """Cross-entropy whose form follows the shapes of (y_pred, y_true) unless `form` is given.

    - y_pred with one unit (or rank 1): binary cross-entropy.
    - y_true shaped like y_pred: categorical (one-hot or soft labels).
    - otherwise: sparse categorical (integer labels).

    Args:
        inputs: (y_pred key, y_true key).
        outputs: the loss key.
        from_logits: whether y_pred holds logits rather than probabilities.
        label_smoothing: for the binary and categorical forms.
        form: force "binary", "categorical" or "sparse".
        average_loss: False keeps per-sample values on the bus.

    Example:
        >>> import keras, numpy as np
        >>> op = CrossEntropy(inputs=("y_pred", "y"), outputs="ce")
        >>> y_pred = keras.ops.convert_to_tensor(np.array([[0.5, 0.5]], "float32"))
        >>> round(float(op.forward([y_pred, np.array([1])], {"mode": "train"})), 4)
        0.6931
    """

    def __init__(self, inputs, outputs, mode="!infer", ds_id=None, from_logits=False, label_smoothing=0.0,
                 form=None, average_loss=True):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id, average_loss=average_loss)
        if form is not None and form not in FORMS:
            raise ConfigError(f"{self.describe()}: form must be one of {FORMS} or None; got '{form}'")
        self.form, self.from_logits, self.label_smoothing = form, from_logits, label_smoothing

    def per_sample_loss(self, y_pred, y_true):
        form = self.form or infer_form(tuple(y_pred.shape), tuple(y_true.shape))
        if form == "sparse":
            loss = keras.losses.sparse_categorical_crossentropy(y_true, y_pred, from_logits=self.from_logits)
        elif form == "categorical":
            loss = keras.losses.categorical_crossentropy(keras.ops.cast(y_true, "float32"), y_pred,
                                                         from_logits=self.from_logits,
                                                         label_smoothing=self.label_smoothing)
        else:
            y_pred = at_least_2d(y_pred)
            y_true = keras.ops.reshape(keras.ops.cast(y_true, "float32"), keras.ops.shape(y_pred))
            loss = keras.losses.binary_crossentropy(y_true, y_pred, from_logits=self.from_logits,
                                                    label_smoothing=self.label_smoothing)
        return mean_per_sample(loss)
