"""PyTorch steps: eager forward ops, torch.autograd.grad per UpdateOp, updates under no_grad.

With several processes (`fe.distribute.data_parallel()` under `torchrun`) the steps keep the DDP contract
themselves (see `kerasfe.backend.torch_distribute`): the models' weights come from process 0 once built,
every UpdateOp's gradients are averaged over the global batch before its optimizer steps, and the losses
and bus values in the logs are those of the global batch, identical on every process. `predict_step` runs
on this process's batch only.
"""
import contextlib

import torch

from kerasfe.backend import torch_distribute as distribute
from kerasfe.backend import stateful
from kerasfe.backend.keras_internals import batchnorm_moments
from kerasfe.backend.stateful import predict_step  # noqa: F401 - part of the step API


def train_step(network, data):
    batch = network.batch_from(data)
    updates = network.active_updates("train")
    distributed = distribute.is_distributed()
    if distributed:
        distribute.broadcast_new_models(network.models)
    with batchnorm_moments(distribute.global_moments) if distribute.sync_batchnorm() else contextlib.nullcontext():
        batch = network.run_ops(batch, "train")
    losses = network.losses_to_differentiate(batch, updates)
    # each process differentiates its share (1 / N) of the global-batch loss, so the backward pass carries the
    # per-sample gradients one process on the global batch would (in float16, their range decides whether a
    # LossScaleOptimizer skips the step); the gradients are scaled back to this process's mean, which the
    # all-reduce weighs by its batch size
    processes = distribute.process_count() if distributed else 1
    derived = []
    differentiating = [op for op in updates if op.gradients is None]
    for index, (loss, op) in enumerate(zip(losses, differentiating)):
        variables = [variable.value for variable in op.model.trainable_variables]
        op_grads = torch.autograd.grad(loss / processes, variables, retain_graph=index < len(differentiating) - 1,
                                       allow_unused=True)
        derived.append([g if g is None or processes == 1 else g * processes for g in op_grads])
    grads = [[g if g is None else g.detach() for g in op_grads]
             for op_grads in network.all_gradients(batch, updates, derived)]
    if distributed:
        moving = [] if distribute.sync_batchnorm() else distribute.moving_statistics(network.models)
        batch, grads = global_batch(network, batch, "train", grads, moving)
    with torch.no_grad():
        network.apply_gradients(updates, grads)
        return network.step_logs(batch, "train")


def test_step(network, data):
    if not distribute.is_distributed():
        return stateful.test_step(network, data)
    mode = network.evaluation_mode
    distribute.broadcast_new_models(network.models)
    batch, _ = global_batch(network, network.run_ops(network.batch_from(data), mode), mode)
    return network.step_logs(batch, mode)


def global_batch(network, batch, mode, grads=(), averaged_variables=()):
    """What one process would have on the global batch, from one all-reduce (and one all-gather per bus key):
    the batch with its losses and the 0-d bus values as global-batch means and its other bus values (and
    per-sample losses) gathered from every process, and `grads` (a list per UpdateOp) averaged over the
    global batch. `averaged_variables` are assigned their mean over the processes."""
    keys = [key for key in dict.fromkeys([*network.loss_trackers, *network.bus_keys[mode]]) if key in batch]
    means = [key for key in keys if batch[key].dim() == 0]
    gathered = [key for key in keys if batch[key].dim() > 0]
    rows = next((value.shape[0] for value in batch.values() if getattr(value, "dim", lambda: 0)() > 0), 1)
    flat, mean_values = distribute.reduce_step(rows, [g for op_grads in grads for g in op_grads],
                                               [batch[key].detach() for key in means], averaged_variables)
    result = dict(batch)
    result.update(zip(means, mean_values))
    result.update(zip(gathered, distribute.gather_batches([batch[key].detach() for key in gathered])))
    flat = iter(flat)
    return result, [[next(flat) for _ in op_grads] for op_grads in grads]


def gradient(fn, inputs):
    """Gradients of `sum(fn(inputs))` w.r.t. each tensor of `inputs`, kept in the autograd graph
    (`create_graph`), so a loss on them still trains the models; works in the no-grad eval steps too."""
    inputs = [x if x.requires_grad else x.detach().requires_grad_(True) for x in inputs]
    with torch.enable_grad():
        target = fn(inputs).sum()
        grads = torch.autograd.grad(target, inputs, create_graph=True, allow_unused=True)
    return [torch.zeros_like(x) if g is None else g for x, g in zip(inputs, grads)]
