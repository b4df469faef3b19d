"""TensorOp configs for Keras saving: an op's config is the arguments it was constructed with, encoded so that
`keras.saving.serialize_keras_object` / `deserialize_keras_object` (and so `Network.save("x.keras")`) round-trip it.

Encoded values: plain values as they are; nested ops by Keras (each op class is registered with
`keras.saving.register_keras_serializable(package="kerasfe")`, see `serializable`); keras models by name
inside a `model_table` (the Network saves each model once, with its optimizer), else whole; `keras.ops`
functions by name; functions registered with Keras by Keras; Python lambdas by Keras, which loads them only
with `safe_mode=False`; `EpochScheduler` / `RepeatScheduler` by their values.
"""
import contextlib
import contextvars
import inspect
import types

import keras

from kerasfe.errors import ConfigError
from kerasfe.schedule import EpochScheduler, RepeatScheduler

_TABLE = contextvars.ContextVar("kerasfe_model_table", default=None)
MODEL_REF, KERAS_OP, EPOCHS, REPEAT = "kerasfe_model", "kerasfe_keras_op", "kerasfe_epochs", "kerasfe_repeat"


def serializable(cls):
    """Registers a kerasfe class with Keras's serialisation under the package "kerasfe".

    Example:
        >>> from kerasfe.op.tensorop import ModelOp
        >>> keras.saving.get_registered_name(ModelOp)
        'kerasfe>ModelOp'
    """
    return keras.saving.register_keras_serializable(package="kerasfe")(cls)


class ModelTable:
    """The keras models op configs refer to by name: filled while saving, read while loading.

    Example:
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)], name="listed")
        >>> table = ModelTable()
        >>> table.add(model), table.get("listed", owner="ModelOp") is model
        ('listed', True)
    """

    def __init__(self, models=()):
        self.by_name = {}
        for model in models:
            self.add(model)

    def add(self, model):
        """Adds `model`; two different models may not share a name."""
        known = self.by_name.setdefault(model.name, model)
        if known is not model:
            raise ConfigError(f"two different models are named '{model.name}'; give each a unique name "
                              "(fe.build(..., model_name=...)) to save the network")
        return model.name

    def get(self, name, owner):
        if name not in self.by_name:
            raise ConfigError(f"{owner}: its config refers to model '{name}', but the models being loaded are "
                              f"{sorted(self.by_name)}")
        return self.by_name[name]

    @property
    def models(self):
        """The models, in the order they were added."""
        return list(self.by_name.values())


@contextlib.contextmanager
def model_table(models=()):
    """Within this context, op configs refer to models by name: `to_config` adds them to the table, `from_config`
    takes them from it.

    Example:
        >>> from kerasfe.op.tensorop import ModelOp
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)], name="probe")
        >>> with model_table() as table:
        ...     config = keras.saving.serialize_keras_object(ModelOp(model, "x", "y"))
        >>> config["config"]["model"], [m.name for m in table.models]
        ({'kerasfe_model': 'probe'}, ['probe'])
        >>> with model_table([model]):
        ...     keras.saving.deserialize_keras_object(config).model is model
        True
    """
    table = ModelTable(models)
    token = _TABLE.set(table)
    try:
        yield table
    finally:
        _TABLE.reset(token)


def to_config(value, owner):
    """`value` (an op's constructor argument) as a config Keras can save; `owner` names the op in errors.

    Example:
        >>> to_config({"fn": keras.ops.square, "shape": (2, 3)}, owner="probe")
        {'fn': {'kerasfe_keras_op': 'square'}, 'shape': [2, 3]}
    """
    from kerasfe.op.tensorop.tensorop import TensorOp
    if isinstance(value, keras.Model) and _TABLE.get() is not None:
        return {MODEL_REF: _TABLE.get().add(value)}
    if isinstance(value, TensorOp):
        _check_registered(type(value), value.describe())
        return keras.saving.serialize_keras_object(value)
    if isinstance(value, EpochScheduler):
        return {EPOCHS: [[epoch, to_config(item, owner)] for epoch, item in value.epoch_dict.items()]}
    if isinstance(value, RepeatScheduler):
        return {REPEAT: [to_config(item, owner) for item in value.repeat_list]}
    if isinstance(value, (types.FunctionType, types.BuiltinFunctionType)):
        return _function_config(value, owner)
    if isinstance(value, (list, tuple)):
        return [to_config(item, owner) for item in value]
    if isinstance(value, dict):
        return {key: to_config(item, owner) for key, item in value.items()}
    return keras.saving.serialize_keras_object(value)


def from_config(config, owner):
    """The value `to_config` encoded; `owner` names the op in errors.

    Example:
        >>> from_config({"fn": {"kerasfe_keras_op": "square"}, "shape": [2, 3]}, owner="probe")["fn"] is keras.ops.square
        True
    """
    if isinstance(config, list):
        return [from_config(item, owner) for item in config]
    if not isinstance(config, dict):
        return config
    if MODEL_REF in config:
        table = _TABLE.get()
        if table is None:
            raise ConfigError(f"{owner}: its config refers to model '{config[MODEL_REF]}' by name; load it as part "
                              "of its Network (keras.models.load_model) or within model_table(models)")
        return table.get(config[MODEL_REF], owner)
    if KERAS_OP in config:
        return getattr(keras.ops, config[KERAS_OP])
    if EPOCHS in config:
        return EpochScheduler({epoch: from_config(item, owner) for epoch, item in config[EPOCHS]})
    if REPEAT in config:
        return RepeatScheduler(from_config(config[REPEAT], owner))
    if "class_name" not in config:
        return {key: from_config(item, owner) for key, item in config.items()}
    if config["class_name"] == "__lambda__":
        try:
            return keras.saving.deserialize_keras_object(config)
        except ValueError as error:
            raise ConfigError(f"{owner} holds a Python lambda, which Keras loads only when you trust the file: "
                              "keras.models.load_model(path, safe_mode=False) (or use a named function "
                              "registered with @keras.saving.register_keras_serializable())") from error
    return keras.saving.deserialize_keras_object(config)


def _function_config(fn, owner):
    if getattr(keras.ops, fn.__name__, None) is fn:
        return {KERAS_OP: fn.__name__}
    if fn.__name__ == "<lambda>":
        try:
            return keras.saving.serialize_keras_object(fn)
        except OSError as error:
            raise ConfigError(f"{owner}: its lambda has no source file, so it cannot be saved; define it in a file "
                              "or use a named function registered with @keras.saving.register_keras_serializable()"
                              ) from error
    config = keras.saving.serialize_keras_object(fn)
    try:
        loads_back = keras.saving.deserialize_keras_object(config) is fn
    except (TypeError, ValueError):
        loads_back = False
    if not loads_back:
        raise ConfigError(f"{owner}: function '{fn.__qualname__}' cannot be saved; register it with "
                          "@keras.saving.register_keras_serializable(), or use a keras.ops function")
    return config


def _check_registered(cls, owner):
    if keras.saving.get_registered_object(keras.saving.get_registered_name(cls)) is not cls:
        raise ConfigError(f"{owner}: class {cls.__qualname__} is not registered with Keras, so it cannot be loaded "
                          "back; decorate it with @keras.saving.register_keras_serializable()")


def construct(cls, arguments):
    """`cls(**arguments)`, passing the arguments of a `*args` parameter (and those before it) by position.

    Example:
        >>> class Pair:
        ...     def __init__(self, first, *rest, scale=1):
        ...         self.values = [first, *rest, scale]
        >>> construct(Pair, {"first": 1, "rest": [2, 3], "scale": 4}).values
        [1, 2, 3, 4]
    """
    parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
    star = next((i for i, p in enumerate(parameters) if p.kind is p.VAR_POSITIONAL), None)
    positional, keywords = [], {}
    for index, parameter in enumerate(parameters):
        if parameter.name not in arguments:
            continue
        value = arguments[parameter.name]
        if parameter.kind is parameter.VAR_POSITIONAL:
            positional.extend(value)
        elif parameter.kind is parameter.VAR_KEYWORD:
            keywords.update(value)
        elif star is not None and index < star or parameter.kind is parameter.POSITIONAL_ONLY:
            positional.append(value)
        else:
            keywords[parameter.name] = value
    return cls(*positional, **keywords)
