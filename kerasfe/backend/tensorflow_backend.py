"""TensorFlow steps: a GradientTape records the forward ops; gradients per UpdateOp; stateful updates.

Under a `tf.distribute` strategy with several replicas (`fe.distribute.data_parallel()`) each replica runs the
step on its slice of the batch and the results are those of one device on the whole (global) batch:
- each UpdateOp's loss is weighted by the replica's share of the global batch before its gradient is taken
  (the idea of Keras's `scale_loss_for_distribution`, exact for unequal slices too); the optimizer sums the
  replicas' gradients, so the step is that of the global-batch mean loss;
- the loss trackers' variables are summed across replicas, so the logged losses are global-batch means;
- the bus values the Traces read are gathered from every replica (in replica order: the global batch), a
  scalar bus value is its global-batch mean.
BatchNorm layers use their replica's statistics as in Keras (`BatchNormalization(synchronized=True)` for global
ones). EMA weights (`use_ema`) and mixed precision work as on one device. An UpdateOp with `merge_grad`
(Keras's gradient accumulation) is applied in cross-replica context (`_apply_accumulating`): its optimizer's
conditional update cannot run in a replica.
"""
import tensorflow as tf

from kerasfe.backend import stateful
from kerasfe.backend.keras_internals import updates_without_merge_call
from kerasfe.backend.stateful import predict_step  # noqa: F401 - part of the step API
from kerasfe.backend.tensorflow_distribute import mark_global
from kerasfe.trace.bus import BUS_PREFIX


def train_step(network, data):
    batch = network.batch_from(data)
    updates = network.active_updates("train")
    with tf.GradientTape(persistent=len(updates) > 1) as tape:
        batch = network.run_ops(batch, "train")
        share = _replica_share(batch)
        losses = [loss if share is None else loss * tf.cast(share, loss.dtype)
                  for loss in network.losses_to_differentiate(batch, updates)]
    differentiating = [op for op in updates if op.gradients is None]
    derived = [tape.gradient(loss, op.model.trainable_variables) for loss, op in zip(losses, differentiating)]
    grads = [op_grads if op.gradients is None or share is None else [g * tf.cast(share, g.dtype) for g in op_grads]
             for op, op_grads in zip(updates, network.all_gradients(batch, updates, derived))]
    apply_gradients(network, updates, grads)
    return _global_logs(network, network.step_logs(batch, "train"), share)


def test_step(network, data):
    batch = network.batch_from(data)
    return _global_logs(network, stateful.test_step(network, batch), _replica_share(batch))


def gradient(fn, inputs):
    """Gradients of `sum(fn(inputs))` w.r.t. each tensor of `inputs`; an enclosing tape records them, so
    they can be differentiated again (a loss on them still trains the models)."""
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        target = fn(inputs)
    return tape.gradient(target, inputs, unconnected_gradients=tf.UnconnectedGradients.ZERO)


def apply_gradients(network, updates, grads):
    """Steps each UpdateOp's optimizer on its gradients; under a strategy of several replicas, those of the
    UpdateOps that accumulate (`merge_grad`) go through `_apply_accumulating`."""
    context = _replica_context()
    accumulating = [index for index, op in enumerate(updates) if context is not None and op.merge_grad > 1]
    rest = [index for index in range(len(updates)) if index not in accumulating]
    network.apply_gradients([updates[i] for i in rest], [grads[i] for i in rest])
    if accumulating:
        context.merge_call(_apply_accumulating, args=(network, [updates[i] for i in accumulating],
                                                     [grads[i] for i in accumulating]))


def _apply_accumulating(strategy, network, updates, grads):
    """Applies the replicas' gradients of accumulating UpdateOps in cross-replica context: they are summed across
    the replicas (each is already weighted by its replica's share of the global batch), then the optimizer
    accumulates them, or steps on their mean every `merge_grad` steps, on every replica's copy of the variables.
    Keras's TensorFlow optimizer runs that conditional in a replica, where its update's cross-replica merge is not
    allowed; here the condition is on the (mirrored) iteration counter, the same on every replica.
    """
    reduced = []
    for op, op_grads in zip(updates, grads):
        variables = [variable.value for variable in op.model.trainable_variables]
        present = [(grad, variable) for grad, variable in zip(op_grads, variables) if grad is not None]
        summed = iter(strategy.extended.batch_reduce_to(tf.distribute.ReduceOp.SUM, present) if present else [])
        reduced.append([None if grad is None else next(summed) for grad in op_grads])
    with updates_without_merge_call(strategy):
        network.apply_gradients(updates, reduced)


def _replica_context():
    """The replica context of a step running on several replicas (None on one device)."""
    context = tf.distribute.get_replica_context()
    return context if context is not None and context.num_replicas_in_sync > 1 else None


def _replica_share(batch):
    """This replica's samples / the global batch's (None on one device)."""
    context = _replica_context()
    if context is None:
        return None
    rows = next(tf.shape(value)[0] for value in batch.values() if len(value.shape) > 0)
    rows = tf.cast(rows, tf.float64)
    return rows / context.all_reduce(tf.distribute.ReduceOp.SUM, rows)


def _global_logs(network, logs, share):
    """The step logs as one device gives them on the global batch, from the replicas' logs: the losses are the
    loss trackers' results read across replicas (their variables sum on read); a bus value is gathered from every
    replica, in replica order (a float scalar: its global-batch mean). Every replica returns the very same tensors,
    so Keras's per-replica reduction leaves them as they are."""
    context = _replica_context()
    if context is None:
        return logs
    kinds = {key: _bus_kind(value) for key, value in logs.items() if key.startswith(BUS_PREFIX)}
    logs = {key: _replica_part(kinds.get(key), value, share) for key, value in logs.items()}

    def cross_replica(strategy, replica_logs):
        first = {key: strategy.experimental_local_results(value)[0] for key, value in replica_logs.items()}
        tracked = {id(first[key]): tracker.result() for key, tracker in network.loss_trackers.items() if key in first}
        return {key: _gather(strategy, kinds[key], value) if key in kinds
                else tracked.get(id(first[key]), first[key])  # "loss" may be the very tensor of a tracker's result
                for key, value in replica_logs.items()}

    return mark_global(context.merge_call(cross_replica, args=(logs,)))


def _bus_kind(value):
    """How a bus value is made global: "gather" the replicas' rows; a float scalar is their share-weighted
    "mean"; another scalar is the "first" replica's."""
    if len(value.shape) > 0:
        return "gather"
    return "mean" if value.dtype.is_floating else "first"


def _replica_part(kind, value, share):
    """What a replica gives towards a log's global value (see `_bus_kind`)."""
    if kind == "mean":
        return value * tf.cast(share, value.dtype)
    return value[None] if kind == "first" else value


def _gather(strategy, kind, value):
    """A bus value's global value from the replicas' parts (in cross-replica context)."""
    if kind == "mean":
        return strategy.reduce(tf.distribute.ReduceOp.SUM, value, axis=None)
    gathered = strategy.gather(value, axis=0)
    return gathered[0] if kind == "first" else gathered
