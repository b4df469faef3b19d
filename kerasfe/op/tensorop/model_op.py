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
        gradients: whether gradients flow back through the model's outputs (False: they are constants to the
            ops after it, as under FastEstimator's `stop_recording`; then `trainable` must be False).
        intermediate_layers: one or more layers of the model (by name, or by index into `model.layers`) whose
            outputs are also written, after the model's own outputs, to the extra `outputs` keys. The model must
            be functional or Sequential (its layers' outputs are symbolic); the same weights are used.

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
        >>> hidden = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, name="hidden"), keras.layers.Dense(2)])
        >>> op = ModelOp(model=hidden, inputs="x", outputs=["y_pred", "embedding"], intermediate_layers="hidden")
        >>> [tuple(y.shape) for y in op.forward(keras.ops.ones((5, 3)), {})]
        [(5, 2), (5, 4)]
    """

    def __init__(self, model, inputs=None, outputs=None, mode=None, ds_id=None, trainable=True, gradients=True,
                 intermediate_layers=None):
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
        self.gradients = gradients
        if trainable and not gradients:
            raise ConfigError(f"{self.describe()}: gradients=False stops the gradients through the model, so it "
                              "cannot train; pass trainable=False too")
        self.intermediate_layers = _layers_of(model, intermediate_layers, self.describe())
        self._extractor = None  # the model's graph, with the intermediate layers' outputs as extra outputs
        if self.intermediate_layers:
            inputs, outputs = _graph_of(model)
            wanted = len(outputs) + len(self.intermediate_layers)
            if len(self.outputs) != wanted:
                raise ConfigError(f"{self.describe()}: the model's output(s) and {len(self.intermediate_layers)} "
                                  f"intermediate layer(s) need {wanted} output keys; got {self.outputs}")
            self._extractor = keras.Model(inputs, outputs + [layer.output for layer in self.intermediate_layers])
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
        model = self.model if self._extractor is None else self._extractor
        outputs = model(data, training=bool(state.get("training")) and self.trainable)
        return outputs if self.gradients else keras.tree.map_structure(keras.ops.stop_gradient, outputs)


def _layers_of(model, layers, owner):
    """The layers `intermediate_layers` names (str) or indexes (int, into `model.layers`), checked."""
    if layers is None:
        return []
    layers = [layers] if isinstance(layers, (str, int)) else list(layers)
    if not layers:
        return []
    if not getattr(model, "built", False) or _graph_of(model) is None:
        raise ConfigError(f"{owner}: intermediate_layers needs a functional or Sequential model whose layers' "
                          f"outputs are symbolic; '{model.name}' is a built {type(model).__name__} without them; "
                          "fix: build the model functionally (keras.Input -> layers -> keras.Model) or return the "
                          "intermediate tensors as extra outputs of its call")
    by_name = {layer.name: layer for layer in model.layers}
    found = []
    for layer in layers:
        if isinstance(layer, int):
            if not -len(model.layers) <= layer < len(model.layers):
                raise ConfigError(f"{owner}: intermediate layer index {layer} is out of range; the model has "
                                  f"{len(model.layers)} layers")
            found.append(model.layers[layer])
        elif layer in by_name:
            found.append(by_name[layer])
        else:
            raise ConfigError(f"{owner}: the model has no layer '{layer}'; its layers: {sorted(by_name)}")
    return found


def _graph_of(model):
    """(inputs, outputs) of a functional or Sequential model's symbolic graph (the outputs as a list); None for a
    model without one (subclassed)."""
    try:
        inputs = model.inputs if isinstance(model, keras.Sequential) else model.input
        outputs = list(model.outputs)
    except (AttributeError, ValueError, TypeError):
        return None
    return (inputs, outputs) if inputs is not None and outputs else None


def _model_input_names(model, inputs):
    """The names the model's dict input takes, in the order the op's keys go to them (None: not a dict)."""
    if isinstance(inputs, dict):
        return list(inputs)
    structure = getattr(model, "input", None) if getattr(model, "built", False) else None
    if not isinstance(structure, dict):
        return None
    keys = [inputs] if isinstance(inputs, str) else list(inputs)
    return keys if set(keys) == set(structure) else list(structure)
