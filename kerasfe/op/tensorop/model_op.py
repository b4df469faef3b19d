"""ModelOp: calls a keras model on batch keys."""
import keras

from kerasfe.errors import ConfigError, WrongTypeError
from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.tensorop import TensorOp


@serializable
class ModelOp(TensorOp):
    """Calls `model` on the `inputs` keys and writes its output(s) to `outputs`.

    The model runs with `training=True` only in the train mode and only when `trainable` is True, so a
    frozen feature extractor keeps its BatchNorm statistics. Gradients still flow through it.

    A model that takes a dict of named inputs (a functional model built on a dict of `keras.Input`s, such
    as a keras-hub backbone's {"token_ids", "padding_mask"}) gets a dict: give `inputs` as
    {model input name: batch key}, or list the batch keys, which go to the model's inputs by name when
    they are those names and otherwise in the order of the model's input names.

    Args:
        model: a keras model, usually from `fe.build`.
        inputs: key(s) passed to the model (several keys are passed as a list), or a dict
            {model input name: batch key}.
        outputs: key(s) for the model's output(s).
        trainable: whether the model runs in training mode during training.

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
        >>> op = ModelOp(model=model, inputs="x", outputs="y_pred")
        >>> tuple(op.forward(keras.ops.ones((4, 3)), {"mode": "train", "training": True}).shape)
        (4, 2)
        >>> named = {"ids": keras.Input((3,), name="ids"), "mask": keras.Input((3,), name="mask")}
        >>> dict_model = keras.Model(named, keras.layers.Multiply()([named["ids"], named["mask"]]))
        >>> op = ModelOp(model=dict_model, inputs={"ids": "tokens", "mask": "padding"}, outputs="y")
        >>> op.inputs, tuple(op.forward([keras.ops.ones((2, 3)), keras.ops.ones((2, 3))], {}).shape)
        (['tokens', 'padding'], (2, 3))
    """

    def __init__(self, model, inputs, outputs, mode=None, ds_id=None, trainable=True):
        if not isinstance(model, keras.layers.Layer) and isinstance(getattr(model, "module", None), keras.layers.Layer):
            raise WrongTypeError(f"ModelOp: model is a {type(model).__name__} wrapping the Keras model "
                                 f"'{model.module.name}'; pass the Keras model itself (`.module`): under "
                                 "fe.distribute.data_parallel() the step already averages every model's gradients "
                                 "across the processes (and copies process 0's weights to the others), as "
                                 "DistributedDataParallel would")
        self.model = model
        self.input_names = _model_input_names(model, inputs)
        super().__init__(inputs=list(inputs.values()) if isinstance(inputs, dict) else inputs, outputs=outputs,
                         mode=mode, ds_id=ds_id)
        self.trainable = trainable
        if self.input_names is not None and len(self.input_names) != len(self.inputs):
            raise ConfigError(f"{self.describe()}: the model takes inputs {self.input_names}, but the op lists the "
                              f"keys {self.inputs}; give one key per model input")

    def describe(self):
        return f"ModelOp({self.model.name})"

    def variables_read(self):
        return list(self.model.variables)

    def forward(self, data, state):
        if self.input_names is not None:
            data = dict(zip(self.input_names, data if self.in_list else [data]))
        return self.model(data, training=bool(state.get("training")) and self.trainable)


def _model_input_names(model, inputs):
    """The names the model's dict input takes, in the order the op's keys go to them (None: not a dict)."""
    if isinstance(inputs, dict):
        return list(inputs)
    structure = getattr(model, "input", None) if getattr(model, "built", False) else None
    if not isinstance(structure, dict):
        return None
    keys = [inputs] if isinstance(inputs, str) else list(inputs)
    return keys if set(keys) == set(structure) else list(structure)
