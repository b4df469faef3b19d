"""TensorOps run inside the compiled train/test/predict step, on backend tensors, written with keras.ops."""
import inspect

from kerasfe.op.op import Op
from kerasfe.op.tensorop.config import construct, from_config, serializable, to_config


class _InitSignature:
    """`cls.__signature__`: the signature of the class's `__init__` (without `self`), so `inspect.signature` of a
    TensorOp class shows its arguments rather than those of the `__new__` that records them."""

    def __get__(self, instance, owner):
        signature = inspect.signature(owner.__init__)
        return signature.replace(parameters=list(signature.parameters.values())[1:])


@serializable
class TensorOp(Op):
    """Base class of ops that run inside `fe.Network`'s step. Write `forward` with `keras.ops` only.

    `state` holds `mode` ("train", "eval", "test", "infer") and `training` (True only while training).

    Example:
        >>> import keras
        >>> class Scale(TensorOp):
        ...     def forward(self, data, state):
        ...         return keras.ops.multiply(data, 2.0)
        >>> tuple(Scale(inputs="x", outputs="x2").forward(keras.ops.ones((2,)), {"mode": "train"}).shape)
        (2,)

    An op's Keras config (`get_config`) is the arguments it was constructed with, so a Network holding it
    saves like any Keras model; register your own TensorOp classes with
    `@keras.saving.register_keras_serializable()` so that Keras finds them when it loads one.
    """

    __signature__ = _InitSignature()

    def __new__(cls, *args, **kwargs):
        op = super().__new__(cls)
        bound = inspect.signature(cls.__init__).bind_partial(op, *args, **kwargs).arguments
        op.constructor_arguments = dict(list(bound.items())[1:])
        return op

    def get_config(self):
        """The arguments the op was constructed with, encoded for Keras saving (see `kerasfe.op.tensorop.config`).

        Example:
            >>> from kerasfe.op.tensorop import Argmax
            >>> Argmax(inputs="y_pred", outputs="label", axis=1).get_config()
            {'inputs': 'y_pred', 'outputs': 'label', 'axis': 1}
        """
        return {name: to_config(value, self.describe()) for name, value in self.constructor_arguments.items()}

    @classmethod
    def from_config(cls, config):
        """The op `get_config` describes."""
        return construct(cls, {name: from_config(value, cls.__name__) for name, value in config.items()})

    def sub_ops(self):
        """The ops this op runs inside itself (meta ops); the Network looks inside them for models."""
        return []

    def state_objects(self):
        """Keras objects holding this op's state (layers, seed generators, variables): the Network tracks
        them, so under JAX their state travels through the compiled step."""
        return []

    def variables_read(self):
        """The model variables this op reads (a gradient w.r.t. them replays the op)."""
        return [v for op in self.sub_ops() for v in op.variables_read()]


@serializable
class LambdaOp(TensorOp):
    """Runs any function of keras tensors: `fn(*inputs)` returns the output value(s).

    A Network holding it saves `fn` as Keras does: a `keras.ops` function or one registered with
    `@keras.saving.register_keras_serializable()` by name; a Python lambda by its code, which Keras loads
    only when told the file is trusted (`keras.models.load_model(path, safe_mode=False)`); other functions
    cannot be saved (a ConfigError says so).

    Example:
        >>> import keras
        >>> op = LambdaOp(fn=lambda x, y: x + y, inputs=("x", "y"), outputs="sum")
        >>> float(op.forward([keras.ops.ones(()), keras.ops.ones(())], {"mode": "train"}))
        2.0
    """

    def __init__(self, fn, inputs=None, outputs=None, mode=None, ds_id=None):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        self.fn = fn

    def forward(self, data, state):
        return self.fn(*data) if self.in_list else self.fn(data)


@serializable
class Delete(TensorOp):
    """Removes `keys` from the batch (e.g. a large intermediate no later op or trace needs), so it does not
    leave the step.

    Example:
        >>> import keras
        >>> from kerasfe.op.op import run_op
        >>> batch = {"x": keras.ops.ones(()), "scratch": keras.ops.zeros(())}
        >>> run_op(Delete(keys="scratch"), batch, {"mode": "train"}); list(batch)
        ['x']
    """

    deletes_inputs = True

    def __init__(self, keys, mode=None, ds_id=None):
        super().__init__(inputs=keys, mode=mode, ds_id=ds_id)

    def forward(self, data, state):
        return None
