"""FastEstimator's `fe.backend` functions on models, optimizers and gradients, on Keras 3 models built by
`fe.build` (or any Keras model with an `optimizer`), on every backend.

Example:
    >>> import keras
    >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    >>> model.optimizer = keras.optimizers.SGD(0.1)
    >>> round(get_lr(model), 4)
    0.1
"""
import importlib
import os

import keras
import numpy as np

from kerasfe.atomic_file import atomic_open, save_atomically
from kerasfe.errors import ConfigError


def _optimizer(model, caller):
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        raise ConfigError(f"{caller}: model '{model.name}' has no optimizer; fix: make it with "
                          "fe.build(model_fn, optimizer_fn)")
    return optimizer


def feed_forward(model, *x, training=True):
    """Runs `model` on the input(s) `x` (tensors or numpy arrays; several for a multi-input model).

    Example:
        >>> import keras, numpy as np
        >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, kernel_initializer="ones")])
        >>> keras.ops.convert_to_numpy(feed_forward(model, np.ones((1, 3), "float32"), training=False)).tolist()
        [[3.0, 3.0]]
    """
    inputs = [keras.ops.convert_to_tensor(value) for value in x]
    return model(inputs[0] if len(inputs) == 1 else inputs, training=training)


def get_gradient(target, sources, higher_order=False, tape=None, retain_graph=True):
    """Gradients of `sum(target)` with respect to `sources` (one tensor or a list; the result matches).

    Keras 3 has no tape common to its backends, so here `target` is best a function of the sources
    (`target(*sources)`), which works on every backend (TensorFlow `GradientTape`, `torch.autograd.grad`,
    `jax.grad`) and keeps the gradients differentiable. A computed tensor `target` works as in FastEstimator
    where the framework allows it: TensorFlow with the `tape` that recorded it (`higher_order=False` stops the
    tape recording the gradient computation), PyTorch through autograd (`retain_graph`, `higher_order` as
    `torch.autograd.grad`'s `retain_graph` / `create_graph`); JAX needs the function form.

    Example:
        >>> import keras
        >>> x = keras.ops.convert_to_tensor([1.0, 2.0, 3.0])
        >>> keras.ops.convert_to_numpy(get_gradient(lambda v: v * v, x)).tolist()
        [2.0, 4.0, 6.0]
    """
    single = not isinstance(sources, (list, tuple))
    sources = [sources] if single else list(sources)
    if callable(target):
        step_module = importlib.import_module(f"kerasfe.backend.{keras.backend.backend()}_backend")
        gradients = step_module.gradient(lambda values: target(*values), sources)
    elif tape is not None:
        if higher_order:
            gradients = tape.gradient(target, sources)
        else:
            with tape.stop_recording():
                gradients = tape.gradient(target, sources)
    elif keras.backend.backend() == "torch":
        torch = importlib.import_module("torch")
        gradients = torch.autograd.grad(target, sources, grad_outputs=torch.ones_like(target),
                                        retain_graph=retain_graph, create_graph=higher_order, allow_unused=True)
    else:
        raise ConfigError(f"get_gradient: under KERAS_BACKEND={keras.backend.backend()} give target as a function "
                          "of the sources (get_gradient(lambda x: loss_of(x), x)); a computed tensor needs "
                          "TensorFlow's GradientTape (tape=) or PyTorch's autograd")
    gradients = list(gradients)
    return gradients[0] if single else gradients


def get_lr(model):
    """The current learning rate of `model`'s optimizer, as a float.

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
        >>> model.optimizer = keras.optimizers.Adam(0.001)
        >>> round(get_lr(model), 6)
        0.001
    """
    return float(keras.ops.convert_to_numpy(_optimizer(model, "get_lr").learning_rate))


def set_lr(model, lr, weight_decay=None):
    """Sets the learning rate of `model`'s optimizer. When the optimizer has a weight decay, it is set to
    `weight_decay`, or (None) scaled along with the learning rate, as FastEstimator does.

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
        >>> model.optimizer = keras.optimizers.AdamW(0.001, weight_decay=0.004)
        >>> set_lr(model, lr=0.01)
        >>> round(get_lr(model), 6), round(model.optimizer.weight_decay, 6)
        (0.01, 0.04)
    """
    optimizer = _optimizer(model, "set_lr")
    if getattr(optimizer, "weight_decay", None) is not None:
        if weight_decay is None:
            weight_decay = optimizer.weight_decay * lr / get_lr(model)
        optimizer.weight_decay = weight_decay
    optimizer.learning_rate = lr


def l2_regularization(model, beta=0.01):
    """`beta * sum(w ** 2) / 2` over `model`'s trainable variables (in float32).

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, kernel_initializer="ones")])
        >>> float(keras.ops.convert_to_numpy(l2_regularization(model, beta=0.5)))  # kernel [1, 1], bias 0
        0.5
    """
    total = keras.ops.zeros((), "float32")
    for variable in model.trainable_variables:
        total = total + keras.ops.sum(keras.ops.square(keras.ops.cast(variable, "float32")))
    return beta * total / 2


def _optimizer_path(weights_path):
    return f"{weights_path.removesuffix('.weights.h5')}_opt.npz"


def save_model(model, save_dir, model_name=None, save_optimizer=False, save_architecture=False):
    """Saves `model`'s weights to `<save_dir>/<model_name>.weights.h5` (the model's name by default) and returns
    that path. `save_optimizer` also writes the optimizer's variables and learning rate to `<model_name>_opt.npz`;
    `save_architecture` the whole model to `<model_name>.keras`. Every file is written atomically.

    Example:
        >>> import keras, tempfile
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)], name="net")
        >>> os.path.basename(save_model(model, tempfile.mkdtemp()))
        'net.weights.h5'
    """
    model_name = model_name or model.name
    os.makedirs(save_dir, exist_ok=True)
    path = os.path.join(os.path.normpath(save_dir), f"{model_name}.weights.h5")
    save_atomically(model.save_weights, path)
    if save_architecture:
        save_atomically(model.save, os.path.join(os.path.normpath(save_dir), f"{model_name}.keras"))
    if save_optimizer:
        optimizer = _optimizer(model, "save_model(save_optimizer=True)")
        values = {f"v{index}": keras.ops.convert_to_numpy(v) for index, v in enumerate(optimizer.variables)}
        with atomic_open(_optimizer_path(path), "wb") as file:
            np.savez(file, lr=get_lr(model), **values)
    return path


def load_model(model, weights_path, load_optimizer=False):
    """Loads weights saved by `save_model` (or `model.save_weights`) into `model`; `load_optimizer` also
    restores the optimizer's variables and learning rate from the `<name>_opt.npz` next to them.

    Example:
        >>> import keras, numpy as np, tempfile
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, kernel_initializer="ones")])
        >>> path = save_model(model, tempfile.mkdtemp())
        >>> _ = model.layers[0].kernel.assign(np.zeros((2, 1)))
        >>> load_model(model, path); keras.ops.convert_to_numpy(model.layers[0].kernel).ravel().tolist()
        [1.0, 1.0]
    """
    if not os.path.exists(weights_path):
        raise ConfigError(f"load_model: weights_path '{weights_path}' does not exist")
    if not load_optimizer:
        model.load_weights(weights_path)
        return
    optimizer = _optimizer(model, "load_model(load_optimizer=True)")
    optimizer_path = _optimizer_path(weights_path)
    if not os.path.exists(optimizer_path):
        raise ConfigError(f"load_model: cannot find the optimizer state '{optimizer_path}' (written by "
                          "save_model(..., save_optimizer=True))")
    if not optimizer.built:
        optimizer.build(model.trainable_variables)
    model.load_weights(weights_path)
    with np.load(optimizer_path) as state:
        for index, variable in enumerate(optimizer.variables):
            variable.assign(state[f"v{index}"])
        optimizer.learning_rate = float(state["lr"])


def update_model(model, gradients, defer=False, deferred=None):
    """Applies `gradients` (one per trainable variable of `model`, in order) with `model`'s optimizer. With
    `defer`, the update is appended to `deferred[model.name]` (a list of functions) to run later instead.

    Example:
        >>> import keras, numpy as np
        >>> model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, kernel_initializer="ones")])
        >>> model.optimizer = keras.optimizers.SGD(0.5)
        >>> update_model(model, [np.ones((1, 1), "float32"), np.zeros((1,), "float32")])
        >>> keras.ops.convert_to_numpy(model.layers[0].kernel).tolist()
        [[0.5]]
    """
    optimizer = _optimizer(model, "update_model")
    variables = model.trainable_variables
    gradients = [keras.ops.convert_to_tensor(g) if g is not None else keras.ops.zeros_like(v)
                 for g, v in zip(gradients, variables)]

    def apply():
        optimizer.apply(gradients, variables)

    if defer:
        if deferred is None:
            raise ConfigError("update_model(defer=True) needs a deferred dict to hold the update")
        deferred.setdefault(model.name, []).append(apply)
    else:
        apply()


def watch(tensor, tape=None):
    """Marks `tensor` for gradients and returns it: with a TensorFlow `tape`, `tape.watch(tensor)`; under
    PyTorch, `requires_grad` on a floating-point tensor; JAX differentiates functions, so nothing is needed
    there (use `get_gradient` with a function).

    Example:
        >>> import keras
        >>> x = watch(keras.ops.convert_to_tensor([1.0, 2.0]))
        >>> keras.ops.convert_to_numpy(get_gradient(lambda v: 3 * v, x)).tolist()
        [3.0, 3.0]
    """
    if tape is not None:
        tape.watch(tensor)
    elif keras.backend.backend() == "torch" and tensor.is_floating_point() and not tensor.requires_grad:
        tensor.requires_grad_(True)
    return tensor
