"""Checks of a Network's op graph: op types, UpdateOps and their losses, and the keys every op reads."""
import math

import keras
import numpy as np

from kerasfe import distribute
from kerasfe.backend.keras_internals import compute_output_spec
from kerasfe.errors import ConfigError, DataError, MissingKeyError, WrongTypeError
from kerasfe.op.op import MODES, as_list
from kerasfe.op.tensorop import LossOp, ModelOp, TensorOp, UpdateOp
from kerasfe.pipeline.finite import check_finite
from kerasfe.schedule import EpochScheduler, RepeatScheduler, get_all_values, get_current_items


def check_ops(ops):
    """The Network's op list (one op alone counts as a list of one), checked: TensorOps only, no UpdateOp inside
    another op, at least one op."""
    ops = as_list(ops)
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


def _share_data_set(op, other):
    """Whether two ops can run on one data set (`ds_id`)."""
    return not (op.ds_ids and other.ds_ids and not set(op.ds_ids) & set(other.ds_ids))


def check_updates(ops, epoch=None):
    """Each UpdateOp's model must be called by a ModelOp, stepped by one UpdateOp per mode, and its loss written
    in each mode it runs in; no two ModelOps write one key."""
    called = {id(op.model) for op in walk(ops) if isinstance(op, ModelOp)}
    for mode in MODES:
        _check_one_writer([op for op in walk(ops) if isinstance(op, ModelOp) and op.should_run(mode)], mode, epoch)
        updates = [op for op in ops if isinstance(op, UpdateOp) and op.should_run(mode)]
        for index, update in enumerate(updates):
            twin = next((other for other in updates[:index] if other.model is update.model
                         and _share_data_set(update, other)), None)
            if twin is not None:
                raise ConfigError(f"{twin.describe()} on '{twin.loss_name}' and {update.describe()} on "
                                  f"'{update.loss_name}' both step model '{update.model.name}' in mode '{mode}'"
                                  f"{_at_epoch(epoch)}, so its optimizer would step twice per batch; fix: add the "
                                  "losses into one key (e.g. a LambdaOp) and keep one UpdateOp per model")
    for update in (op for op in ops if isinstance(op, UpdateOp)):
        if id(update.model) not in called:
            raise ConfigError(f"{update.describe()} on '{update.loss_name}': no ModelOp calls model "
                              f"'{update.model.name}'{_at_epoch(epoch)}, so its loss cannot depend on its weights; "
                              "fix: call the model with a ModelOp before the loss")
        for mode in (m for m in MODES if m in update.mode):
            written = [key for op in ops if op.should_run(mode) and not isinstance(op, UpdateOp)
                       for key in op.outputs]
            if update.inputs[0] not in written:
                what = "updates on" if update.gradients is None else "applies the gradients in"
                raise ConfigError(f"{update.describe()} {what} '{update.inputs[0]}', but no op writes it in "
                                  f"mode '{mode}'{_at_epoch(epoch)}; keys written there: {sorted(set(written))}")
        _check_deferred(update, ops, epoch)


def _check_deferred(update, ops, epoch):
    """An UpdateOp with `defer=False` followed by an op running its model: FastEstimator would apply the update
    before that op; kerasfe applies every update at the end of the step."""
    if update.defer:
        return
    later = ops[next(index for index, op in enumerate(ops) if op is update) + 1:]
    reader = next((op for op in walk(later) if isinstance(op, ModelOp) and op.model is update.model
                   and any(op.should_run(mode) for mode in update.mode) and _share_data_set(op, update)), None)
    if reader is not None:
        raise ConfigError(f"{update.describe()} (defer=False) is followed by {reader.describe()}{_at_epoch(epoch)}: "
                          "FastEstimator would apply the update before that op, but kerasfe computes every update "
                          "from the one forward pass and applies them all at the end of the step; fix: move the "
                          "UpdateOp after the ops that run its model, or pass defer=True to accept updating at the "
                          "end of the step")


def _check_one_writer(model_ops, mode, epoch):
    for index, op in enumerate(model_ops):
        for other in model_ops[:index]:
            shared = [key for key in op.outputs if key in other.outputs]
            if shared and _share_data_set(op, other):
                raise ConfigError(f"{other.describe()} and {op.describe()} both write '{shared[0]}' in mode '{mode}'"
                                  f"{_at_epoch(epoch)}, so the second overwrites the first's prediction; fix: give "
                                  "each ModelOp its own output key")


def check_scheduled_updates(items, epochs):
    """Every UpdateOp the (scheduled) ops hold must run in some epoch from 1 to `epochs`, or its model never
    trains.

    Example:
        >>> import keras, kerasfe as fe
        >>> from kerasfe.schedule import EpochScheduler
        >>> model = fe.build(lambda: keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)], name="m"), "sgd")
        >>> ops = [ModelOp(model, "x", "y"), EpochScheduler({4: UpdateOp(model, "mse")})]
        >>> check_scheduled_updates(ops, 3)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kerasfe.errors.ConfigError: UpdateOp(m) on 'mse' (mode 'train') is scheduled to start at epoch 4, after ...
    """
    running = {id(op) for epoch in range(1, epochs + 1) for op in get_current_items(items, epoch=epoch)}
    for item in items:
        if not isinstance(item, EpochScheduler):
            continue
        for start, op in item.epoch_dict.items():
            if isinstance(op, UpdateOp) and id(op) not in running:
                modes = " / ".join(f"'{mode}'" for mode in MODES if mode in op.mode)
                raise ConfigError(f"{op.describe()} on '{op.loss_name}' (mode {modes}) is scheduled to start at epoch "
                                  f"{start}, after the last epoch ({epochs}), so model '{op.model.name}' would never "
                                  f"train; fix: schedule it at an epoch <= {epochs}, or train for more epochs")


def check_data(batch, mode, owner):
    """Every value of a batch of data must be numbers (no strings) and finite (no NaN or infinity).

    Example:
        >>> check_data({"x": np.array([[0.5, np.nan]])}, "train", "Pipeline")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kerasfe.errors.DataError: Pipeline: key 'x' holds NaN in batch 0 of the train data (mode 'train'), in ...
    """
    local = {}
    for key, value in batch.items():
        if isinstance(value, keras.KerasTensor) or not hasattr(value, "dtype"):
            continue
        local[key] = value = distribute.local_numpy(value)
        if value.dtype.kind in "USO":
            raise DataError(f"{owner}: key '{key}' holds strings (dtype {value.dtype}) in mode '{mode}', which a "
                            "model cannot take; fix: turn them into numbers in the data or with a NumpyOp (e.g. class "
                            "names to ids; an empty CSV cell makes its whole column strings)")
    check_finite(local, owner, mode)


def check_labels(ops, batch, spec, mode):
    """Each active loss op checks the labels it reads straight from the data (not written by an op) against
    the shapes of its predictions (`spec`: the batch after the ops, as KerasTensors): class ids in range, ..."""
    written = {key for op in ops for key in op.outputs}
    for op in ops:
        if isinstance(op, LossOp) and op.inputs[1] in batch and op.inputs[1] not in written:
            labels = batch[op.inputs[1]]
            if not isinstance(labels, keras.KerasTensor):
                op.check_labels(spec[op.inputs[0]], distribute.local_numpy(labels), mode)


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
    a bad shape naming the op, and builds unbuilt models. Returns the batch spec after the active ops."""
    for epoch, ops in network.op_sets.items():
        check_keys([op for op in ops if op.should_run(mode) and not isinstance(op, UpdateOp)], spec, mode,
                   epoch if len(network.op_sets) > 1 else None)
    return compute_output_spec(lambda batch: network.run_ops(batch, mode), spec)


FIRST_NONFINITE = "first_nonfinite_batch"  # the step log (a bus key) of `FirstNonFinite`'s result


class FirstNonFinite(keras.metrics.Metric):
    """Inside the compiled step: counts the steps of the epoch and keeps, for each of `size` losses, the index (from
    0) of the first step where it was not finite; `result()` is those indices (-1: finite so far). Keras resets it
    with the loss trackers at each epoch (or evaluation) start, so a value read at any later step (a log step, the
    epoch end) names the exact batch and loss even when several steps run per call; reading it costs no extra sync.
    The Network updates it with its loss keys and returns it as the bus key `FIRST_NONFINITE` when a Trace reads
    that key (the default `TerminateOnNaN` does).

    Example:
        >>> first = FirstNonFinite(size=2)
        >>> for losses in ((0.5, None), (0.25, 0.1), (np.nan, None), (0.1, np.inf), (np.nan, np.nan)):
        ...     first.update_state([None if loss is None else np.array(loss, "float32") for loss in losses])
        >>> keras.ops.convert_to_numpy(first.result()).tolist()
        [2, 3]
    """

    def __init__(self, size, name=FIRST_NONFINITE):
        super().__init__(name=name)
        # on several TensorFlow replicas each counts alike; the first replica's count is read
        self.steps = self.add_variable((), "zeros", dtype="int32", aggregation="only_first_replica", name="steps")
        self.first = self.add_variable((size,), "zeros", dtype="int32", aggregation="only_first_replica",
                                       name="first")

    def update_state(self, values):
        """Counts one step whose loss values are `values` (one per loss; None: not computed in this step)."""
        finite = keras.ops.stack([keras.ops.all(keras.ops.isfinite(value)) if value is not None else True
                                  for value in values])
        first, steps = self.first.value, self.steps.value
        self.first.assign(keras.ops.where(keras.ops.logical_and(first == 0, keras.ops.logical_not(finite)),
                                          steps + 1, first))
        self.steps.assign(steps + 1)

    def result(self):
        return self.first.value - 1
