"""TensorFlow steps: a GradientTape records the forward ops; gradients per UpdateOp; stateful updates."""
import tensorflow as tf


def train_step(network, data):
    batch = network.batch_from(data)
    updates = network.active_updates("train")
    with tf.GradientTape(persistent=len(updates) > 1) as tape:
        batch = network.forward(batch, "train")
        losses = network.losses_to_differentiate(batch, updates)
    grads = [tape.gradient(loss, op.model.trainable_variables) for loss, op in zip(losses, updates)]
    network.apply_gradients(updates, grads)
    return network.step_logs(batch, "train")


def test_step(network, data):
    mode = network.evaluation_mode
    return network.step_logs(network.forward(network.batch_from(data), mode), mode)


def predict_step(network, data):
    return network.prediction(network.forward(network.batch_from(data), "infer"))
