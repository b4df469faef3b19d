"""TensorOp meta ops: Sometimes, OneOf, Repeat, Fuse wrap other TensorOps."""
import keras

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
    """Applies `op` to a batch with probability `prob` (one draw per batch; otherwise its keys are unchanged).

    The op must write only keys it reads. It is computed on every batch and its result kept or dropped,
    so that the step compiles to one graph on every backend.

    Example:
        >>> import keras
        >>> from kerasfe.op.tensorop import LambdaOp
        >>> op = Sometimes(LambdaOp(fn=lambda x: -x, inputs="x", outputs="x"), prob=1.0)
        >>> float(op.forward(keras.ops.ones(()), {"mode": "train"}))
        -1.0
    """

    def __init__(self, op, prob=0.5, seed=None):
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
    """Applies one of `ops`, chosen uniformly per batch. The ops read and write the same keys.

    Example:
        >>> import keras
        >>> from kerasfe.op.tensorop import LambdaOp
        >>> op = OneOf(LambdaOp(fn=lambda x: x + 1, inputs="x", outputs="x"),
        ...            LambdaOp(fn=lambda x: x - 1, inputs="x", outputs="x"))
        >>> float(keras.ops.abs(op.forward(keras.ops.zeros(()), {"mode": "train"})))
        1.0
    """

    def __init__(self, *ops, seed=None):
        if not ops:
            raise ConfigError("OneOf needs at least one op")
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

    def sub_ops(self):
        return list(self.ops)

    def forward(self, data, state):
        batch = dict(zip(self.inputs, data if self.in_list else [data]))
        results = [_run_on(op, batch, state) for op in self.ops]
        choice = self.random(state, lambda seed: keras.random.randint((), 0, len(self.ops), seed=seed))
        chosen = []
        for key in self.outputs:
            value = results[-1][key]
            for index in range(len(self.ops) - 2, -1, -1):
                value = keras.ops.where(choice == index, results[index][key], value)
            chosen.append(value)
        return chosen if self.out_list else chosen[0]


@serializable
class Repeat(TensorOp):
    """Runs `op` `repeat` times in a row, each run reading what the previous one wrote.

    Example:
        >>> import keras
        >>> from kerasfe.op.tensorop import LambdaOp
        >>> float(Repeat(LambdaOp(fn=lambda x: x * 2, inputs="x", outputs="x"), repeat=3).forward(
        ...     keras.ops.ones(()), {"mode": "train"}))
        8.0
    """

    def __init__(self, op, repeat=2):
        _in_place("Repeat", op)
        if not isinstance(repeat, int) or repeat < 1:
            raise ConfigError(f"Repeat: repeat must be an int >= 1; got {repeat!r}")
        super().__init__(inputs=op.inputs, outputs=op.outputs)
        self.in_list, self.out_list = op.in_list, op.out_list
        self.mode, self.ds_ids, self.excluded_ds_ids = op.mode, op.ds_ids, op.excluded_ds_ids
        self.op, self.repeat = op, repeat

    def sub_ops(self):
        return [self.op]

    def forward(self, data, state):
        batch = dict(zip(self.inputs, data if self.in_list else [data]))
        for _ in range(self.repeat):
            run_op(self.op, batch, state)
        result = [batch[key] for key in self.outputs]
        return result if self.out_list else result[0]
