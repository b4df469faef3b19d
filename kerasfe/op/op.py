"""The Op base class shared by NumpyOps (pipeline) and TensorOps (network), and the mode rules."""
import numpy as np

from kerasfe.backend.keras_internals import in_shape_inference
from kerasfe.errors import ConfigError, KerasfeError, MissingKeyError
from kerasfe.restorable import Restorable

MODES = ("train", "eval", "test", "infer")


def to_list(keys):
    """Turns None, one key or a sequence of keys into a list of keys.

    Example:
        >>> to_list("x"), to_list(("x", "y")), to_list(None)
        (['x'], ['x', 'y'], [])
    """
    if keys is None:
        return []
    if isinstance(keys, str):
        return [keys]
    return list(keys)


def as_list(items):
    """Turns None, one op / trace / scheduler, or a list or tuple of them into a list, so a single op may be
    given where a list is expected.

    Example:
        >>> as_list(None), as_list("op"), as_list(("a", "b"))
        ([], ['op'], ['a', 'b'])
    """
    if items is None:
        return []
    return list(items) if isinstance(items, (list, tuple)) else [items]


def parse_modes(mode, owner="op"):
    """Turns a `mode` argument into the frozenset of modes it stands for.

    `None` means every mode; a name, a list of names, or `"!name"` (every mode but that one).

    Example:
        >>> sorted(parse_modes("!infer"))
        ['eval', 'test', 'train']
        >>> sorted(parse_modes(["train", "eval"]))
        ['eval', 'train']
    """
    if mode is None:
        return frozenset(MODES)
    modes = set()
    for name in to_list(mode):
        negated = name.startswith("!")
        base = name[1:] if negated else name
        if base not in MODES:
            raise ConfigError(f"{owner}: unknown mode '{name}'; use one of {list(MODES)}, a list of them, "
                              "or '!mode' for every mode but one")
        modes |= set(MODES) - {base} if negated else {base}
    return frozenset(modes)


def parse_ds_ids(ds_id):
    """Turns a `ds_id` argument into (ids it runs on, ids it skips); None runs on every data set.

    Example:
        >>> parse_ds_ids(["clean", "!noisy"])
        (frozenset({'clean'}), frozenset({'noisy'}))
    """
    names = to_list(ds_id)
    return (frozenset(n for n in names if not n.startswith("!")),
            frozenset(n[1:] for n in names if n.startswith("!")))


UNNAMED = ""  # the ds_id of a data set given without an id, as FastEstimator names it


def running_ds_id(ds_id):
    """The ds_id ops and Traces are selected by while a data set runs: its id, or `UNNAMED` for one without.

    Example:
        >>> running_ds_id(None), running_ds_id("clean")
        ('', 'clean')
    """
    return UNNAMED if ds_id is None else ds_id


class Op(Restorable):
    """A step that reads `inputs` keys from the batch dict and writes `outputs` keys into it.

    `forward(data, state)` receives one value when `inputs` is a single key and a list otherwise; it
    returns one value when `outputs` is a single key and a sequence otherwise. Its `get_state` / `set_state`
    (see `Restorable`) are what a RestoreWizard snapshot keeps of it: its plain-data attributes but the keys,
    modes and data set ids it was given.

    Args:
        inputs: key or keys read from the batch.
        outputs: key or keys written to the batch.
        mode: None (every mode), "train", "eval", "test", "infer", a list of them, or "!mode".
        ds_id: data set id(s) this op runs on (None: all); "!id" excludes one. As in FastEstimator, a data set
            without an id (a mode given one data set, not a dict of them) counts as id "": an op naming the ids it
            runs on does not run there, one excluding ids does.

    Example:
        >>> class Double(Op):
        ...     def forward(self, data, state):
        ...         return data * 2
        >>> op = Double(inputs="x", outputs="x2", mode="train")
        >>> op.should_run("train"), op.should_run("eval")
        (True, False)
        >>> only_a, not_a = Double(inputs="x", outputs="x2", ds_id="a"), Double(inputs="x", outputs="x2", ds_id="!a")
        >>> only_a.should_run("train", UNNAMED), not_a.should_run("train", UNNAMED)
        (False, True)
    """

    state_exclude = ("inputs", "outputs", "in_list", "out_list", "mode", "ds_ids", "excluded_ds_ids")
    deletes_inputs = False  # True: `run_op` removes the op's input keys from the batch after it runs (Delete)

    def __init__(self, inputs=None, outputs=None, mode=None, ds_id=None):
        self.inputs = to_list(inputs)
        self.outputs = to_list(outputs)
        self.in_list = not isinstance(inputs, str)
        self.out_list = not isinstance(outputs, str)
        self.mode = parse_modes(mode, owner=self.describe())
        self.ds_ids, self.excluded_ds_ids = parse_ds_ids(ds_id)

    def describe(self):
        """A short name for messages, e.g. `ModelOp(lenet)`."""
        return type(self).__name__

    def should_run(self, mode, ds_id=None):
        """Whether this op runs in `mode` on the data set `ds_id`."""
        if mode not in self.mode:
            return False
        if ds_id is None:
            return True
        return ds_id not in self.excluded_ds_ids and (not self.ds_ids or ds_id in self.ds_ids)

    def forward(self, data, state):
        """Computes the outputs from the inputs. `state` holds at least `mode`."""
        raise NotImplementedError(f"{self.describe()} must implement forward(data, state)")

    def __repr__(self):
        return f"{self.describe()}(inputs={self.inputs}, outputs={self.outputs})"


def read_inputs(op, batch, mode):
    """The value(s) `op.forward` receives from `batch`: one value, or a list when inputs is a list.

    Raises MissingKeyError naming the op, the key, the mode and the keys the batch has.

    Example:
        >>> read_inputs(Op(inputs=["x", "y"]), {"x": 1, "y": 2}, "train")
        [1, 2]
    """
    for key in op.inputs:
        if key not in batch:
            raise MissingKeyError(owner=op.describe(), key=key, mode=mode, available=list(batch))
    values = [batch[key] for key in op.inputs]
    return values if op.in_list else values[0]


def write_outputs(op, batch, result):
    """Stores what `op.forward` returned under the op's output keys.

    Example:
        >>> batch = {}
        >>> write_outputs(Op(outputs=["a", "b"]), batch, (1, 2)); batch
        {'a': 1, 'b': 2}
    """
    if not op.outputs:
        return
    if not op.out_list:
        batch[op.outputs[0]] = result
        return
    result = list(result) if isinstance(result, (list, tuple)) else [result]
    if len(result) != len(op.outputs):
        raise ConfigError(f"{op.describe()} returned {len(result)} values for outputs {op.outputs}")
    batch.update(zip(op.outputs, result))


def run_op(op, batch, state):
    """Runs one op on the batch dict in place: read inputs, forward, write outputs. In a shape check (Keras's
    symbolic shape inference) an error of the op's own code becomes a ConfigError naming the op, the keys it
    read with their shapes, and the mode."""
    inputs = read_inputs(op, batch, state["mode"])
    try:
        outputs = op.forward(inputs, state)
    except KerasfeError:
        raise
    except Exception as error:
        if not in_shape_inference():
            raise
        shapes = ", ".join(f"'{key}' of shape {tuple(getattr(batch[key], 'shape', ()))}" for key in op.inputs)
        raise ConfigError(f"{op.describe()} cannot run on {shapes} in mode '{state['mode']}' "
                          f"({type(error).__name__}: {error}); fix: give the data the shapes the op expects (e.g. "
                          "its model's Input), or reshape them with an op before it") from error
    write_outputs(op, batch, outputs)
    if op.deletes_inputs:
        for key in op.inputs:
            del batch[key]


def get_inputs_by_op(op, store, copy_on_write=False):
    """FastEstimator's name for `read_inputs`: the value(s) `op.forward` receives from `store`. With
    `copy_on_write`, read-only numpy arrays are copied (and the copies stored) so the op may write into them.

    Example:
        >>> import numpy as np
        >>> frozen = np.zeros(2); frozen.flags.writeable = False
        >>> store = {"x": frozen}
        >>> get_inputs_by_op(Op(inputs="x"), store, copy_on_write=True).flags.writeable, store["x"] is frozen
        (True, False)
    """
    if copy_on_write:
        for key in op.inputs:
            value = store.get(key)
            if isinstance(value, np.ndarray) and not value.flags.writeable:
                store[key] = value.copy()
    return read_inputs(op, store, "any")


def write_outputs_by_op(op, store, outputs):
    """FastEstimator's name for `write_outputs`: stores what `op.forward` returned under the op's output keys.

    Example:
        >>> store = {}
        >>> write_outputs_by_op(Op(outputs="y"), store, 3); store
        {'y': 3}
    """
    write_outputs(op, store, outputs)
