"""TensorOps run inside the compiled train/test/predict step, on backend tensors, written with keras.ops."""
from kerasfe.op.op import Op


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
    """

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


class LambdaOp(TensorOp):
    """Runs any function of keras tensors: `fn(*inputs)` returns the output value(s).

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
