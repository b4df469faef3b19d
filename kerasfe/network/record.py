"""Gradients of a batch key w.r.t. earlier batch keys or model variables, inside the step, on every backend.

The Network records each forward pass (`ForwardRecord`): the batch it started from and what every op
wrote. A gradient is taken by replaying, as a pure function of the differentiated values, only the
ops between them and the target that depend on them; the other keys keep their recorded values. The
backend differentiates that function (`tf.GradientTape`, `torch.autograd.grad`, `jax.grad`), so the op
list is written once and JAX, which has no tape, gives the same result. Replays run in a
`keras.StatelessScope` that drops their variable updates (BatchNorm statistics, seeds), and reuse the
random draws of the recorded pass (see `kerasfe.op.tensorop.random_op.draw`).
"""
import keras

from kerasfe import backend
from kerasfe.backend.keras_internals import get_stateless_scope
from kerasfe.op.op import run_op
from kerasfe.op.tensorop.random_op import replay_state


def isolated_scope(mapping=()):
    """A StatelessScope that sees the enclosing scope's values (plus `mapping`) and keeps its updates to itself."""
    scope = keras.StatelessScope(mapping)
    parent = get_stateless_scope()
    if parent is not None:
        scope.state_mapping = {**parent.state_mapping, **scope.state_mapping}
    return scope


class ForwardRecord:
    """What one forward pass did: the batch it started from, the keys each op wrote, the watched keys.

    Example:
        >>> import keras
        >>> from kerasfe.op.tensorop import LambdaOp
        >>> square = LambdaOp(fn=keras.ops.square, inputs="x", outputs="y")
        >>> record = ForwardRecord({"x": keras.ops.convert_to_tensor([1.0, 3.0])})
        >>> record.add(square, {"y": square.forward(record.start["x"], {})})
        >>> keras.ops.convert_to_numpy(record.gradient("y", keys=["x"], state={"mode": "train"})[0]).tolist()
        [2.0, 6.0]
    """

    def __init__(self, batch):
        self.start = dict(batch)
        self.steps = []  # (op, {key: value it wrote})
        self.watched = {}  # key -> number of steps before its Watch

    def add(self, op, batch):
        """Notes what `op` wrote into `batch`."""
        self.steps.append((op, {key: batch[key] for key in op.outputs if key in batch}))

    def watch(self, keys):
        """Gradients w.r.t. these keys are taken w.r.t. their values now."""
        self.watched.update((key, len(self.steps)) for key in keys)

    def _values_before(self, index):
        values = dict(self.start)
        for _, written in self.steps[:index]:
            values.update(written)
        return values

    def _start_of(self, key):
        """Where the differentiated value of `key` enters: its Watch, else its last write, else the start."""
        if key in self.watched:
            return self.watched[key]
        writes = [index + 1 for index, (_, written) in enumerate(self.steps) if key in written]
        return writes[-1] if writes else 0

    def _needed(self, target, first):
        """The indices of the steps from `first` on that the target's value depends on."""
        needed_keys, needed_steps = {target}, set()
        for index in range(len(self.steps) - 1, first - 1, -1):
            op, written = self.steps[index]
            if needed_keys & set(written):
                needed_steps.add(index)
                needed_keys = (needed_keys - set(written)) | set(op.inputs)
        return needed_steps

    def gradient(self, target, keys=(), variables=(), state=None):
        """Gradients of `sum(target)` w.r.t. the batch `keys` (values at their Watch or last write) and the
        `variables`, in that order, as tensors that can themselves be differentiated."""
        starts = {key: self._start_of(key) for key in keys}
        first = min(list(starts.values()) + ([0] if variables else [len(self.steps)]))
        needed = self._needed(target, first)
        variable_ids = {id(v) for v in variables}
        op_state = replay_state(state or {})

        def replay(values):
            key_values, variable_values = values[:len(keys)], values[len(keys):]
            env, tainted = self._values_before(first), set()
            with isolated_scope(list(zip(variables, variable_values))):
                for index in range(first, len(self.steps)):
                    for key, value in zip(keys, key_values):
                        if starts[key] == index:
                            env[key], tainted = value, tainted | {key}
                    op, written = self.steps[index]
                    reads_variable = any(id(v) in variable_ids for v in op.variables_read())
                    if index in needed and (reads_variable or tainted & set(op.inputs)):
                        run_op(op, env, op_state)
                        tainted |= set(written)
                    else:
                        env.update(written)
                        tainted -= set(written)
            for key, value in zip(keys, key_values):
                if starts[key] == len(self.steps):
                    env[key], tainted = value, tainted | {key}
            if target not in tainted:
                return keras.ops.sum(keras.ops.multiply(values[0], 0.0))
            return keras.ops.cast(env[target], "float32")

        inputs = [self._values_before(starts[key])[key] for key in keys] + [v.value for v in variables]
        return list(backend.current().gradient(replay, inputs))
