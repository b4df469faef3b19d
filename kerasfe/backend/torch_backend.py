"""PyTorch steps: eager forward ops, torch.autograd.grad per UpdateOp, updates under no_grad."""
import torch

from kerasfe.backend.stateful import predict_step, test_step  # noqa: F401 - part of the step API


def train_step(network, data):
    batch = network.batch_from(data)
    updates = network.active_updates("train")
    batch = network.run_ops(batch, "train")
    losses = network.losses_to_differentiate(batch, updates)
    grads = []
    for index, (loss, op) in enumerate(zip(losses, updates)):
        variables = [variable.value for variable in op.model.trainable_variables]
        grads.append(list(torch.autograd.grad(loss, variables, retain_graph=index < len(updates) - 1,
                                              allow_unused=True)))
    with torch.no_grad():
        network.apply_gradients(updates, grads)
        return network.step_logs(batch, "train")



def gradient(fn, inputs):
    """Gradients of `sum(fn(inputs))` w.r.t. each tensor of `inputs`, kept in the autograd graph
    (`create_graph`), so a loss on them still trains the models; works in the no-grad eval steps too."""
    inputs = [x if x.requires_grad else x.detach().requires_grad_(True) for x in inputs]
    with torch.enable_grad():
        target = fn(inputs).sum()
        grads = torch.autograd.grad(target, inputs, create_graph=True, allow_unused=True)
    return [torch.zeros_like(x) if g is None else g for x, g in zip(inputs, grads)]
