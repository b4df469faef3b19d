"""HadamardCode: an error-correcting output code layer (FastEstimator's `fe.layers.*.HadamardCode`)."""
import math

import keras
import numpy as np
from scipy.linalg import hadamard

from kerasfe.errors import ConfigError


@keras.saving.register_keras_serializable(package="kerasfe")
class HadamardCode(keras.layers.Layer):
    """Maps one or more feature heads onto `n_classes` probabilities through a Hadamard error-correcting code.

    Each input head goes through its own Dense layer; their outputs, joined and squashed by tanh, are compared to
    the code word of each class (rows of a Hadamard matrix without its all-ones column). The class probabilities
    are the inverse distances (to the power `power`), normalised; an output exactly on a code word gets
    `max_prob` (see https://papers.nips.cc/paper/9070).

    Args:
        n_classes: how many classes to map onto.
        code_length: the length of the code, a power of 2 >= n_classes (None: the smallest such, at least 16).
        max_prob: the largest probability a class can get, in (0, 1).
        power: the inverse-distance-weighting power, > 0.

    Example:
        >>> import numpy as np
        >>> layer = HadamardCode(n_classes=4, code_length=8)
        >>> probabilities = keras.ops.convert_to_numpy(layer(np.ones((2, 3), "float32")))
        >>> probabilities.shape, np.allclose(probabilities.sum(axis=1), 1.0)
        ((2, 4), True)
    """

    def __init__(self, n_classes, code_length=None, max_prob=0.95, power=1.0, **kwargs):
        super().__init__(**kwargs)
        if code_length is None:
            code_length = max(16, 1 << (n_classes - 1).bit_length())
        if code_length <= 0 or code_length & (code_length - 1):
            raise ConfigError(f"HadamardCode: code_length must be a positive power of 2; got {code_length}")
        if code_length < n_classes:
            raise ConfigError(f"HadamardCode: code_length ({code_length}) must be >= n_classes ({n_classes})")
        if power <= 0:
            raise ConfigError(f"HadamardCode: power must be > 0; got {power}")
        if not 0.0 < max_prob < 1.0:
            raise ConfigError(f"HadamardCode: max_prob must be in (0, 1); got {max_prob}")
        self.n_classes, self.code_length, self.max_prob, self.power = n_classes, code_length, max_prob, power
        self.eps = code_length * math.pow((1.0 - max_prob) / (max_prob * (n_classes - 1)), 1 / power)
        self.codes = hadamard(code_length)[:n_classes, 1:].astype("float32")
        self.heads = []
        self.single_input = True

    def build(self, input_shape):
        self.single_input = not isinstance(input_shape, (list, tuple)) or not isinstance(input_shape[0],
                                                                                          (list, tuple))
        shapes = [input_shape] if self.single_input else list(input_shape)
        if len(shapes) > self.code_length - 1:
            raise ConfigError(f"HadamardCode: {len(shapes)} input heads are too many for code_length "
                              f"{self.code_length}")
        if any(len(shape) != 2 for shape in shapes):
            raise ConfigError(f"HadamardCode takes inputs shaped (batch, m) or a list of them; got {shapes}")
        sizes = [self.code_length // len(shapes)] * len(shapes)
        sizes[0] += self.code_length - sum(sizes) - 1  # the all-ones column is not part of the code
        self.heads = [keras.layers.Dense(units=size, name=f"head_{index}") for index, size in enumerate(sizes)]
        for head, shape in zip(self.heads, shapes):
            head.build(tuple(shape))

    def call(self, inputs):
        inputs = [inputs] if self.single_input else list(inputs)
        x = keras.ops.tanh(keras.ops.concatenate([head(value) for head, value in zip(self.heads, inputs)], axis=-1))
        codes = keras.ops.convert_to_tensor(self.codes, dtype=x.dtype)
        distance = keras.ops.sum(keras.ops.abs(keras.ops.expand_dims(x, 1) - codes), axis=-1)
        weight = 1.0 / keras.ops.power(keras.ops.maximum(distance, self.eps), self.power)
        return weight / keras.ops.sum(weight, axis=-1, keepdims=True)

    def compute_output_shape(self, input_shape):
        first = input_shape if self.single_input else input_shape[0]
        return (first[0], self.n_classes)

    def get_config(self):
        return {**super().get_config(), "n_classes": self.n_classes, "code_length": self.code_length,
                "max_prob": self.max_prob, "power": self.power}
