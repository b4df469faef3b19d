"""InstanceNormalization (FastEstimator's `fe.layers.tensorflow.InstanceNormalization`)."""
import keras


@keras.saving.register_keras_serializable(package="kerasfe")
class InstanceNormalization(keras.layers.Layer):
    """Normalises each sample's channels over height and width, then scales and shifts them (learned per channel).

    Inputs are (batch, height, width, channels); see https://arxiv.org/abs/1607.08022. The scale starts as
    FastEstimator's (normal, mean 0, stddev 0.02), the offset at 0.

    Args:
        epsilon: added to the variance for numerical stability.

    Example:
        >>> import numpy as np
        >>> layer = InstanceNormalization()
        >>> y = keras.ops.convert_to_numpy(layer(np.random.default_rng(0).normal(10, 2, (1, 8, 8, 1))))
        >>> y.shape, bool(abs(y.mean()) < 0.1)
        ((1, 8, 8, 1), True)
    """

    def __init__(self, epsilon=1e-5, **kwargs):
        super().__init__(**kwargs)
        self.epsilon = epsilon

    def build(self, input_shape):
        self.scale = self.add_weight(name="scale", shape=input_shape[-1:],
                                     initializer=keras.initializers.RandomNormal(0.0, 0.02), trainable=True)
        self.offset = self.add_weight(name="offset", shape=input_shape[-1:], initializer="zeros", trainable=True)

    def call(self, inputs):
        mean, variance = keras.ops.moments(inputs, axes=[1, 2], keepdims=True)
        return self.scale * (inputs - mean) * keras.ops.rsqrt(variance + self.epsilon) + self.offset

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "epsilon": self.epsilon}
