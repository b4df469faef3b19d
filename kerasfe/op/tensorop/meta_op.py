"""TensorOp meta ops: Sometimes, OneOf, Repeat, Fuse wrap other TensorOps."""
import inspect

import keras
import numpy as np

from kerasfe.errors import ConfigError
from kerasfe.op.op import run_op
from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.random_op import RandomOp
from kerasfe.op.tensorop.tensorop import TensorOp


def _run_on(op, batch, state):
    """Runs `op` on a copy of `batch`; returns the copy."""
    batch = dict(batch)
    run_op(op, batch, state)
    return batch


def _in_place(owner, op):
    if not set(op.outputs) <= set(op.inputs):
        raise ConfigError(f"{owner}: the wrapped op must write only keys it reads (so skipping it leaves them "
                          f"as they were); {op.describe()} reads {op.inputs} and writes {op.outputs}")


@serializable
class Fuse(TensorOp):
    """Runs several ops in order as one op (to wrap them together in Sometimes, OneOf or Repeat).

    Example:
        >>> import keras
        >>> from kerasfe.op.tensorop import LambdaOp
        >>> fused = Fuse([LambdaOp(fn=lambda x: x + 1, inputs="x", outputs="y"),
        ...               LambdaOp(fn=lambda y: y * 2, inputs="y", outputs="x")])
        >>> fused.inputs, fused.outputs
        (['x'], ['y', 'x'])
        >>> [float(v) for v in fused.forward([keras.ops.ones(())], {"mode": "train"})]
        [2.0, 4.0]
    """

    def __init__(self, ops, mode=None, ds_id=None):
        self.ops = list(ops)
        if not self.ops:
            raise ConfigError("Fuse needs at least one op")
        inputs, written = [], []
        for op in self.ops:
            inputs += [key for key in op.inputs if key not in written and key not in inputs]
            written += [key for key in op.outputs if key not in written]
        super().__init__(inputs=inputs, outputs=written, mode=mode, ds_id=ds_id)
        self.in_list = self.out_list = True

    def sub_ops(self):
        return list(self.ops)

    def forward(self, data, state):
        batch = dict(zip(self.inputs, data))
        for op in self.ops:
            run_op(op, batch, state)
        return [batch[key] for key in self.outputs]


@serializable
class Sometimes(RandomOp):
    """Applies `tensor_op` to a batch with probability `prob` (one draw per batch; otherwise its keys are
    unchanged).

    The op must write only keys it reads. It is computed on every batch and its result kept or dropped,
    so that the step compiles to one graph on every backend.

    Example:
        >>> import keras
        >>> from kerasfe.op.tensorop import LambdaOp
        >>> op = Sometimes(LambdaOp(fn=lambda x: -x, inputs="x", outputs="x"), prob=1.0)
        >>> float(op.forward(keras.ops.ones(()), {"mode": "train"}))
        -1.0
    """

    def __init__(self, tensor_op, prob=0.5, seed=None):
        op = tensor_op
        _in_place("Sometimes", op)
        super().__init__(inputs=op.inputs, outputs=op.outputs, mode=None, ds_id=None, seed=seed)
        self.in_list, self.out_list = op.in_list, op.out_list
        self.mode, self.ds_ids, self.excluded_ds_ids = op.mode, op.ds_ids, op.excluded_ds_ids
        self.op, self.prob = op, prob

    def sub_ops(self):
        return [self.op]

    def forward(self, data, state):
        batch = dict(zip(self.inputs, data if self.in_list else [data]))
        applied = _run_on(self.op, batch, state)
        keep = self.random(state, lambda seed: keras.random.uniform((), seed=seed)) < self.prob
        result = [keras.ops.where(keep, applied[key], batch[key]) for key in self.outputs]
        return result if self.out_list else result[0]


@serializable
class OneOf(RandomOp):
    """Applies one of `tensor_ops`, chosen per batch (uniformly, or with the weights `probs`). The ops read and
    write the same keys.

    Example:
        >>> import keras
        >>> from kerasfe.op.tensorop import LambdaOp
        >>> op = OneOf(LambdaOp(fn=lambda x: x + 1, inputs="x", outputs="x"),
        ...            LambdaOp(fn=lambda x: x - 1, inputs="x", outputs="x"))
        >>> float(keras.ops.abs(op.forward(keras.ops.zeros(()), {"mode": "train"})))
        1.0
    """

    def __init__(self, *tensor_ops, probs=None, seed=None):
        ops = tensor_ops
        if not ops:
            raise ConfigError("OneOf needs at least one op")
        if probs is not None and (len(probs) != len(ops) or min(probs) < 0 or sum(probs) <= 0):
            raise ConfigError(f"OneOf: probs must give one non-negative weight per op ({len(ops)}), not all zero; "
                              f"got {probs}")
        first = ops[0]
        for op in ops:
            _in_place("OneOf", op)
            if op.inputs != first.inputs or op.outputs != first.outputs or op.mode != first.mode:
                raise ConfigError(f"OneOf: every op must have the same inputs, outputs and mode; {op.describe()} "
                                  f"has {op.inputs} -> {op.outputs} and {first.describe()} {first.inputs} -> "
                                  f"{first.outputs}")
        super().__init__(inputs=first.inputs, outputs=first.outputs, seed=seed)
        self.in_list, self.out_list, self.mode = first.in_list, first.out_list, first.mode
        self.ops = list(ops)
        weights = np.ones(len(ops)) if probs is None else np.asarray(probs, "float64")
        self.probs = (weights / weights.sum()).tolist()

    def sub_ops(self):
        return list(self.ops)

    def forward(self, data, state):
        batch = dict(zip(self.inputs, data if self.in_list else [data]))
        results = [_run_on(op, batch, state) for op in self.ops]
        draw = self.random(state, lambda seed: keras.random.uniform((), seed=seed))
        bounds = keras.ops.convert_to_tensor(np.cumsum(self.probs)[:-1], "float32")
        choice = keras.ops.sum(keras.ops.cast(draw >= bounds, "int32"))
        chosen = []
        for key in self.outputs:
            value = results[-1][key]
            for index in range(len(self.ops) - 2, -1, -1):
                value = keras.ops.where(choice == index, results[index][key], value)
            chosen.append(value)
        return chosen if self.out_list else chosen[0]


@serializable
class Repeat(TensorOp):
    """Runs `op` several times in a row, each run reading what the previous one wrote: `repeat` times, or, when
    `repeat` is a function, again while it returns True (at most `max_iter` runs in all, which kerasfe needs to
    compile the loop). The function's argument names are batch keys; it is checked after each run, so `op` runs
    at least once.

    Example:
        >>> import keras
        >>> from kerasfe.op.tensorop import LambdaOp
        >>> double = LambdaOp(fn=lambda x: x * 2, inputs="x", outputs="x")
        >>> float(Repeat(double, repeat=3).forward(keras.ops.ones(()), {"mode": "train"}))
        8.0
        >>> float(Repeat(double, repeat=lambda x: x < 10, max_iter=6).forward(keras.ops.ones(()), {"mode": "train"}))
        16.0
    """

    def __init__(self, op, repeat=1, max_iter=None):
        _in_place("Repeat", op)
        self.condition_keys = []
        if callable(repeat):
            if max_iter is None or max_iter < 1:
                raise ConfigError(f"Repeat: a function repeat needs max_iter >= 1 (kerasfe compiles the loop with a "
                                  f"fixed bound); got max_iter={max_iter!r}")
            self.condition_keys = list(inspect.signature(repeat).parameters)
        elif not isinstance(repeat, int) or repeat < 1:
            raise ConfigError(f"Repeat: repeat must be an int >= 1 or a function of batch keys; got {repeat!r}")
        inputs = list(op.inputs) + [key for key in self.condition_keys if key not in op.inputs]
        super().__init__(inputs=inputs, outputs=op.outputs)
        self.in_list, self.out_list = op.in_list or len(inputs) > len(op.inputs), op.out_list
        self.mode, self.ds_ids, self.excluded_ds_ids = op.mode, op.ds_ids, op.excluded_ds_ids
        self.op, self.repeat, self.max_iter = op, repeat, max_iter

    def sub_ops(self):
        return [self.op]

    def forward(self, data, state):
        batch = dict(zip(self.inputs, data if self.in_list else [data]))
        if not callable(self.repeat):
            for _ in range(self.repeat):
                run_op(self.op, batch, state)
        else:
            run_op(self.op, batch, state)
            running = keras.ops.convert_to_tensor(True)
            for _ in range(self.max_iter - 1):
                running = keras.ops.logical_and(running, self.repeat(*[batch[key] for key in self.condition_keys]))
                again = _run_on(self.op, batch, state)
                batch.update({key: keras.ops.where(running, again[key], batch[key]) for key in self.outputs})
        result = [batch[key] for key in self.outputs]
        return result if self.out_list else result[0]
