"""TensorFlow steps: a GradientTape records the forward ops; gradients per UpdateOp; stateful updates."""
import tensorflow as tf

from kerasfe.backend.stateful import predict_step, test_step  # noqa: F401 - part of the step API


def train_step(network, data):
    batch = network.batch_from(data)
    updates = network.active_updates("train")
    with tf.GradientTape(persistent=len(updates) > 1) as tape:
        batch = network.forward(batch, "train")
        losses = network.losses_to_differentiate(batch, updates)
    grads = [tape.gradient(loss, op.model.trainable_variables) for loss, op in zip(losses, updates)]
    network.apply_gradients(updates, grads)
    return network.step_logs(batch, "train")

