"""Checks of a Network's op graph: op types, UpdateOps and their losses, and the keys every op reads."""
import math

import keras

from kerasfe.backend.keras_internals import compute_output_spec
from kerasfe.errors import ConfigError, MissingKeyError, WrongTypeError
from kerasfe.op.op import MODES
from kerasfe.op.tensorop import LossOp, ModelOp, TensorOp, UpdateOp
from kerasfe.schedule import EpochScheduler, RepeatScheduler, get_all_values, get_current_items


def check_ops(ops):
    ops = list(ops)
    for item in ops:
        for op in get_all_values(item):
            if not isinstance(op, TensorOp):
                where = " (NumpyOps belong in the Pipeline)" if hasattr(op, "forward") else ""
                raise WrongTypeError(f"Network ops must be TensorOps (or schedulers of them); got "
                                     f"{type(op).__name__}{where}")
            for inner in walk(op.sub_ops()):
                if isinstance(inner, UpdateOp):
                    raise ConfigError(f"{op.describe()}: an UpdateOp cannot run inside another op; wrap it in a "
                                      "scheduler instead")
    if not ops:
        raise ConfigError("Network needs at least one op")
    return ops


def op_sets(items):
    """{epoch: ops} for one epoch of each distinct op set the schedulers can give."""
    starts = {1} | {epoch for item in items if isinstance(item, EpochScheduler) for epoch in item.epoch_dict}
    period = math.lcm(*[len(item.repeat_list) for item in items if isinstance(item, RepeatScheduler)] or [1])
    sets = {}
    for epoch in sorted(start + offset for start in starts for offset in range(period)):
        ops = get_current_items(items, epoch=epoch)
        key = tuple(id(op) for op in ops)
        if key not in {tuple(id(op) for op in known) for known in sets.values()}:
            sets[epoch] = ops
    return sets


def walk(ops):
    """The ops and, recursively, the ops inside them."""
    found = []
    for op in ops:
        found.append(op)
        found.extend(walk(op.sub_ops()))
    return found


def models_of(ops):
    models = {}
    for op in ops:
        if isinstance(op, (ModelOp, UpdateOp)):
            models.setdefault(id(op.model), op.model)
    return list(models.values())


def _at_epoch(epoch):
    return "" if epoch is None else f" (ops of epoch {epoch})"


def check_updates(ops, epoch=None):
    """Each UpdateOp's model must be called by a ModelOp, and its loss written in each mode it runs in."""
    called = {id(op.model) for op in walk(ops) if isinstance(op, ModelOp)}
    for update in (op for op in ops if isinstance(op, UpdateOp)):
        if id(update.model) not in called:
            raise ConfigError(f"{update.describe()}: no ModelOp calls model '{update.model.name}'{_at_epoch(epoch)}, "
                              "so its loss cannot depend on its weights")
        for mode in (m for m in MODES if m in update.mode):
            written = [key for op in ops if op.should_run(mode) and not isinstance(op, UpdateOp)
                       for key in op.outputs]
            if update.loss_name not in written:
                raise ConfigError(f"{update.describe()} updates on '{update.loss_name}', but no op writes it in "
                                  f"mode '{mode}'{_at_epoch(epoch)}; keys written there: {sorted(set(written))}")


def check_keys(ops, batch, mode, epoch=None):
    """Every op finds its input keys in the batch or among the keys earlier ops write."""
    available = set(batch)
    for op in ops:
        for key in op.inputs:
            if key not in available:
                owner = op.describe() + _at_epoch(epoch)
                raise MissingKeyError(owner=owner, key=key, mode=mode, available=available)
        available.update(op.outputs)


def loss_keys(ops):
    """The keys a Network reports as losses: every loss op's output and every UpdateOp's loss, in op order,
    plus "loss" (their sum) when several losses are updated.

    Example:
        >>> import keras, kerasfe as fe
        >>> from kerasfe.op.tensorop import CrossEntropy, MeanSquaredError, ModelOp, UpdateOp
        >>> model = fe.build(lambda: keras.Sequential([keras.Input((2,)), keras.layers.Dense(2)]), "sgd")
        >>> loss_keys([ModelOp(model, "x", "p"), CrossEntropy(inputs=("p", "y"), outputs="ce"),
        ...            MeanSquaredError(inputs=("p", "y"), outputs="mse"), UpdateOp(model, "ce"), UpdateOp(model, "mse")])
        ['ce', 'mse', 'loss']
    """
    updated = update_loss_keys(ops)
    keys = list(dict.fromkeys([op.outputs[0] for op in ops if isinstance(op, LossOp)] + updated))
    return keys + (["loss"] if len(updated) > 1 else [])


def update_loss_keys(ops):
    """The loss keys the UpdateOps among `ops` step their models on, each once, in op order."""
    return list(dict.fromkeys(op.loss_name for op in ops if isinstance(op, UpdateOp)))


def symbolic_batch(batch):
    """The batch as KerasTensors of the same shapes and dtypes (for symbolic checks)."""
    return keras.tree.map_structure(lambda v: keras.KerasTensor(v.shape, keras.backend.standardize_dtype(v.dtype)),
                                    batch)


def check_forward(network, spec, mode):
    """Runs the ops of every op set of `mode` symbolically on the batch spec `spec`: raises a missing key or
    a bad shape naming the op, and builds unbuilt models."""
    for epoch, ops in network.op_sets.items():
        check_keys([op for op in ops if op.should_run(mode) and not isinstance(op, UpdateOp)], spec, mode,
                   epoch if len(network.op_sets) > 1 else None)
    compute_output_spec(lambda batch: network.run_ops(batch, mode), spec)
