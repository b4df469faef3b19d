"""TensorFlow steps: a GradientTape records the forward ops; gradients per UpdateOp; stateful updates."""
import tensorflow as tf

from kerasfe.backend.stateful import predict_step, test_step  # noqa: F401 - part of the step API


def train_step(network, data):
    batch = network.batch_from(data)
    updates = network.active_updates("train")
    with tf.GradientTape(persistent=len(updates) > 1) as tape:
        batch = network.run_ops(batch, "train")
        losses = network.losses_to_differentiate(batch, updates)
    grads = [tape.gradient(loss, op.model.trainable_variables) for loss, op in zip(losses, updates)]
    network.apply_gradients(updates, grads)
    return network.step_logs(batch, "train")


def gradient(fn, inputs):
    """Gradients of `sum(fn(inputs))` w.r.t. each tensor of `inputs`; an enclosing tape records them, so
    they can be differentiated again (a loss on them still trains the models)."""
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        target = fn(inputs)
    return tape.gradient(target, inputs, unconnected_gradients=tf.UnconnectedGradients.ZERO)

