"""build(): a model with its own optimizer (or a schedule of optimizers), and the registry of built models'
names and optimizers."""
import weakref

import keras

from kerasfe.errors import ConfigError, WrongTypeError
from kerasfe.schedule import Scheduler, get_all_values, get_current_value, map_values

_BUILT_MODELS = weakref.WeakValueDictionary()  # name -> model, to keep the names of built models unique
_OPTIMIZER_OWNERS = weakref.WeakKeyDictionary()  # optimizer -> weakref to the model it steps
_OPTIMIZER_SCHEDULES = weakref.WeakKeyDictionary()  # model -> its scheduler of optimizers


def build(model_fn, optimizer_fn, weights_path=None, model_name=None, mixed_precision=False):
    """Creates model(s) with `model_fn` and attaches to each its own optimizer made from `optimizer_fn`.

    As in FastEstimator, `model_fn` may return several models (a list), and then `optimizer_fn`, `weights_path`
    and `model_name` are lists of as many; a list of model functions works too. The result is one model, or a
    list of them.

    Args:
        model_fn: a function returning a `keras.Model` (or a list of them), or a list of such functions.
        optimizer_fn: an optimizer name ("adam"), a function returning a keras optimizer, or an
            optimizer instance not yet used by another model; or an `EpochScheduler` / `RepeatScheduler`
            of those (with a value at epoch 1): the Network switches the model's optimizer at those epochs.
            None: no optimizer (a model that is only run, e.g. a frozen feature extractor; an UpdateOp on it is an
            error). A list gives one per model.
        weights_path: a file Keras saved from a model like this one, whose state to load: `.keras`
            (`model.save`: the whole model) or `.weights.h5` (`model.save_weights`); both hold the
            weights and the optimizer's state, which is restored too (the optimizer is built first; a
            file saved before its optimizer took a step holds no optimizer state). A list gives one per model.
        model_name: the model's name (a list: one per model). An explicit name is used as given (log keys such
            as `<name>_lr` keep it); a model built earlier under that name is no longer known by it to kerasfe.
            By default the model's own name, made unique with a suffix.
        mixed_precision: True sets Keras's global dtype policy to `mixed_float16` before the models are made (as
            FastEstimator does); False leaves the policy as it is.

    Under the `mixed_float16` dtype policy the optimizer is wrapped in a `LossScaleOptimizer`.

    Example:
        >>> import keras, kerasfe as fe
        >>> model = fe.build(lambda: keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)], name="mlp"),
        ...                  optimizer_fn="adam")
        >>> model.name.startswith("mlp"), type(model.optimizer).__name__
        (True, 'Adam')
        >>> def two():
        ...     return [keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)]) for _ in range(2)]
        >>> gen, feature = fe.build(two, ["adam", None], model_name=["gen", "feature"])
        >>> gen.name, type(gen.optimizer).__name__, feature.name, feature.optimizer is None
        ('gen', 'Adam', 'feature', True)
    """
    if mixed_precision:
        keras.mixed_precision.set_global_policy("mixed_float16")
    functions = model_fn if isinstance(model_fn, (list, tuple)) else [model_fn]
    models = [model for function in functions for model in _as_list(function())]
    several = isinstance(model_fn, (list, tuple)) or len(models) > 1
    count = len(models)
    optimizer_fns = _per_model(optimizer_fn, count, "optimizer_fn")
    weights_paths = _per_model(weights_path, count, "weights_path")
    model_names = _per_model(model_name, count, "model_name")
    built = [_build_one(model, *settings) for model, settings in zip(models, zip(optimizer_fns, weights_paths,
                                                                                  model_names))]
    return built if several else built[0]


def _as_list(models):
    return list(models) if isinstance(models, (list, tuple)) else [models]


def _per_model(value, count, argument):
    """One value of a build argument per model: a list of `count`, or one value (or None) for a single model."""
    if isinstance(value, (list, tuple)):
        if len(value) != count:
            raise ConfigError(f"build: model_fn made {count} model(s), but {argument} lists {len(value)}; give one "
                              f"{argument} per model")
        return list(value)
    if value is None:
        return [None] * count
    if count != 1:
        raise ConfigError(f"build: model_fn made {count} models; give {argument} as a list of {count} (one per "
                          "model)")
    return [value]


def _build_one(model, optimizer_fn, weights_path, model_name):
    if not isinstance(model, keras.Model):
        raise WrongTypeError(f"build: model_fn must return a keras.Model (or a list of them); it returned "
                             f"{type(model).__name__}")
    schedule = None if optimizer_fn is None else _optimizer_schedule(optimizer_fn)
    optimizers = list({id(o): o for o in get_all_values(schedule)}.values()) if schedule is not None else []
    for optimizer in optimizers:
        owner = _OPTIMIZER_OWNERS.get(optimizer)
        if owner is not None and owner() is not None:
            raise ConfigError(f"build: this optimizer already steps model '{owner().name}'; give each model its "
                              "own (pass a name such as 'adam', or a function that returns a new optimizer)")
    model.name = model_name if model_name is not None else _unique_name(model.name)
    if schedule is not None:
        model.compile(optimizer=get_current_value(schedule, 1))
    else:
        model.optimizer = None  # run only: an UpdateOp on it says it has no optimizer
    for optimizer in optimizers:
        _OPTIMIZER_OWNERS[optimizer] = weakref.ref(model)
    if isinstance(schedule, Scheduler):
        _OPTIMIZER_SCHEDULES[model] = schedule
    if weights_path is not None:
        if model.built and schedule is not None:
            model.optimizer.build(model.trainable_variables)
        model.load_weights(weights_path)
    _BUILT_MODELS[model.name] = model
    return model


def optimizer_schedule(model):
    """The scheduler of optimizers `fe.build` gave `model`, or None when it has one optimizer.

    Example:
        >>> import keras
        >>> from kerasfe.schedule import EpochScheduler
        >>> model = build(lambda: keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)]),
        ...               EpochScheduler({1: "adam", 3: "sgd"}))
        >>> optimizer_schedule(model).get_current_value(3) is model.optimizer
        False
    """
    return _OPTIMIZER_SCHEDULES.get(model)


def _optimizer_schedule(optimizer_fn):
    """The optimizer, or a scheduler of optimizers, made from `optimizer_fn`."""
    if not isinstance(optimizer_fn, Scheduler):
        return _make_optimizer(optimizer_fn)
    if get_current_value(optimizer_fn, 1) is None or None in optimizer_fn.get_all_values():
        raise ConfigError(f"build: the optimizer schedule {optimizer_fn} must give an optimizer at every epoch "
                          "from epoch 1 on")
    return map_values(optimizer_fn, _make_optimizer)


def _make_optimizer(optimizer_fn):
    if isinstance(optimizer_fn, (str, keras.optimizers.Optimizer)):
        return keras.optimizers.get(optimizer_fn)
    if callable(optimizer_fn):
        optimizer = optimizer_fn()
        if isinstance(optimizer, keras.optimizers.Optimizer):
            return optimizer
        raise WrongTypeError(f"build: optimizer_fn returned {type(optimizer).__name__}, not a keras optimizer")
    raise WrongTypeError(f"build: optimizer_fn must be a name, a keras optimizer or a function returning one; "
                         f"got {type(optimizer_fn).__name__}")


def _unique_name(name):
    if name not in _BUILT_MODELS:
        return name
    index = 1
    while f"{name}_{index}" in _BUILT_MODELS:
        index += 1
    return f"{name}_{index}"
