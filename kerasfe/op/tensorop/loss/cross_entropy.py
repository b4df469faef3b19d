"""CrossEntropy: binary, categorical or sparse categorical, chosen from the shapes."""
import keras
import numpy as np

from kerasfe.backend.loss_functions import (binary_crossentropy, categorical_crossentropy,
                                            sparse_categorical_crossentropy)
from kerasfe.errors import ConfigError, DataError
from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.loss.loss_op import LossOp, at_least_2d, same_shape, shape_of, without_trailing_ones

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

    The shapes are checked when the step is built (labels shaped as the form needs; inputs given as
    (labels, prediction) are reported as reversed), and the labels of the first batch of each mode are
    checked against the prediction's width (class ids from 0 to width - 1, no fractions; binary labels
    in [0, 1]): a ConfigError or DataError names the op, the key and the mode.

    Args:
        inputs: (y_pred key, y_true key).
        outputs: the loss key.
        from_logits: whether y_pred holds logits rather than probabilities.
        label_smoothing: for the binary and categorical forms.
        form: force "binary", "categorical" or "sparse".
        average_loss: False keeps per-sample values on the bus.
        class_weights: {class id: weight} to weigh each label's loss by its class (ints to floats).

    Example:
        >>> import keras, numpy as np
        >>> op = CrossEntropy(inputs=("y_pred", "y"), outputs="ce")
        >>> y_pred = keras.ops.convert_to_tensor(np.array([[0.5, 0.5]], "float32"))
        >>> round(float(op.forward([y_pred, np.array([1])], {"mode": "train"})), 4)
        0.6931
    """

    def __init__(self, inputs, outputs, mode="!infer", ds_id=None, from_logits=False, label_smoothing=0.0,
                 form=None, average_loss=True, class_weights=None):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id, average_loss=average_loss)
        if form is not None and form not in FORMS:
            raise ConfigError(f"{self.describe()}: form must be one of {FORMS} or None; got '{form}'")
        if class_weights is not None and (not isinstance(class_weights, dict) or not all(
                isinstance(key, int) and isinstance(value, (int, float)) for key, value in class_weights.items())):
            raise ConfigError(f"{self.describe()}: class_weights must map class ids (ints) to weights (numbers); "
                              f"got {class_weights!r}")
        self.class_weights = class_weights
        self.form, self.from_logits, self.label_smoothing = form, from_logits, label_smoothing

    def check_inputs(self, y_pred, y_true, mode):
        pred, true = shape_of(y_pred), shape_of(y_true)
        pred_key, true_key = self.inputs
        if ("int" in keras.backend.standardize_dtype(y_pred.dtype)
                or len(without_trailing_ones(pred)) < len(without_trailing_ones(true))):
            raise ConfigError(f"{self.describe()} takes inputs=(prediction, labels), but in mode '{mode}' '{pred_key}' "
                              f"(shape {pred}, {keras.backend.standardize_dtype(y_pred.dtype)}) looks like the labels "
                              f"and '{true_key}' (shape {true}) like the prediction; fix: "
                              f"inputs=('{true_key}', '{pred_key}')")
        form = self.form or infer_form(pred, true)
        fits = {"binary": same_shape(without_trailing_ones(pred), without_trailing_ones(true)),
                "categorical": same_shape(pred, true),
                "sparse": same_shape(pred[:-1], without_trailing_ones(true)) or same_shape(pred[:-1], true)}[form]
        if not fits:
            width = pred[-1] if len(pred) > 1 else 1
            raise ConfigError(f"{self.describe()} reads '{pred_key}' of shape {pred} ({width} classes) and labels "
                              f"'{true_key}' of shape {true} in mode '{mode}', which fit no cross-entropy of it: class "
                              f"ids need shape {pred[:-1]} or {pred[:-1] + (1,)}, one-hot labels {pred}; fix: make "
                              f"the model's output width the number of classes ({true[-1]} for these one-hot "
                              "labels?), or reshape the labels")

    def check_labels(self, y_pred, labels, mode):
        form = self.form or infer_form(shape_of(y_pred), labels.shape)
        pred_key, true_key = self.inputs
        where = f"{self.describe()} reads labels '{true_key}' in mode '{mode}'"
        if form == "sparse":
            width = shape_of(y_pred)[-1]
            fractional = labels[labels != np.round(labels)] if labels.dtype.kind == "f" else labels[:0]
            if fractional.size:
                raise DataError(f"{where}: label {fractional.flat[0]} is fractional, but sparse cross-entropy needs "
                                f"class ids; fix: cast the labels to ints, or give one-hot / soft labels shaped like "
                                f"'{pred_key}' {shape_of(y_pred)}")
            outside = labels[(labels < 0) | (labels >= width)] if width is not None else labels[:0]
            if outside.size:
                raise DataError(f"{where}: label {outside.flat[0]:g} is not a class id of the {width} classes "
                                f"'{pred_key}' predicts (0 to {width - 1}); fix: give the model "
                                f"{int(labels.max()) + 1} outputs if there are that many classes, or map the labels "
                                f"into 0..{width - 1}")
        elif form == "binary" and ((labels < 0) | (labels > 1)).any():
            raise DataError(f"{where}: label {labels[(labels < 0) | (labels > 1)].flat[0]:g} is outside [0, 1], "
                            f"but '{pred_key}' has one output (binary cross-entropy); fix: give the model one output "
                            "per class for class ids, or map the labels to 0 / 1")

    def per_sample_loss(self, y_pred, y_true):
        form = self.form or infer_form(tuple(y_pred.shape), tuple(y_true.shape))
        options = {"from_logits": self.from_logits, "average_loss": False, "class_weights": self.class_weights}
        if form == "sparse":
            return sparse_categorical_crossentropy(y_pred, y_true, **options)
        if form == "categorical":
            return categorical_crossentropy(y_pred, y_true, label_smoothing=self.label_smoothing, **options)
        return binary_crossentropy(at_least_2d(y_pred), y_true, label_smoothing=self.label_smoothing, **options)
