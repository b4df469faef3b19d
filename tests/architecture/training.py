"""A check shared by the architecture tests: a few optimizer steps on one batch lower the training loss
and move every trainable variable."""
import keras
import numpy as np


def assert_trains(model, x, y, loss, steps=8, learning_rate=1e-2):
    """Each `train_on_batch` returns the loss of the weights before its update, so the last of `steps + 1`
    calls measures the weights after `steps` updates (in training mode, so BatchNorm uses batch statistics
    both times)."""
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=loss)
    assert model.trainable_variables, f"{model.name} has no trainable variables"
    before_weights = [keras.ops.convert_to_numpy(v) for v in model.trainable_variables]
    losses = [float(model.train_on_batch(x, y)) for _ in range(steps + 1)]
    assert losses[-1] < losses[0], f"{model.name}: the loss went from {losses[0]} to {losses[-1]}"
    frozen = [v.path for v, old in zip(model.trainable_variables, before_weights)
              if np.array_equal(keras.ops.convert_to_numpy(v), old)]
    assert not frozen, f"{model.name}: these variables got no gradient: {frozen}"


def zeroed(model):
    """A copy of `model` with every weight zero: every layer before the output activation then gives 0, so the
    output is exactly that activation at 0 (0.5 for sigmoid, 0 for tanh)."""
    copy = keras.models.clone_model(model)
    copy.set_weights([np.zeros_like(weight) for weight in model.get_weights()])
    return copy


def before_output_activation(model, x):
    """What `model` gives for `x` without its last layer's activation: the input that layer received, through a
    linear copy of it (same weights)."""
    last = model.layers[-1]
    received = keras.Model(model.inputs, last.input).predict(x, verbose=0)
    linear = type(last).from_config({**last.get_config(), "activation": "linear"})
    linear.build(received.shape)
    linear.set_weights(last.get_weights())
    return keras.ops.convert_to_numpy(linear(received)).astype("float64")
