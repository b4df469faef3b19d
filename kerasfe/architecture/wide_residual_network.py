"""WideResidualNetwork (https://arxiv.org/abs/1605.07146), as FastEstimator builds it."""
import keras

from kerasfe.errors import ConfigError


def WideResidualNetwork(input_shape, depth=28, widen_factor=10, dropout=0.0, classes=10,  # noqa: N802
                        activation="softmax", name="wide_residual_network"):
    """A conv stem, three groups of N = (depth - 4) / 6 residual blocks (widths 16k, 32k, 64k for k =
    `widen_factor`) separated by 2x2 max-pools, global average pooling and a Dense output.

    Each block is two Conv(3x3, no bias) -> BatchNorm(momentum 0.9) -> ReLU, with optional dropout between
    them, added to its input (through a 1x1 conv where the width changes).

    Args:
        input_shape: (height, width, channels).
        depth: 6N + 4 (16, 22, 28, 40, ...).
        widen_factor: k, the width multiplier.
        dropout: the dropout rate inside each block (0: none).
        classes: the number of outputs.
        activation: the output activation (None: logits).
        name: the model's name.

    Example:
        >>> WideResidualNetwork((16, 16, 3), depth=10, widen_factor=1, classes=4).output_shape
        (None, 4)
    """
    if (depth - 4) % 6 or depth < 10:
        raise ConfigError(f"WideResidualNetwork: depth must be 6N + 4 with N >= 1 (10, 16, 22, 28, ...); got {depth}")
    blocks = (depth - 4) // 6
    inputs = keras.Input(input_shape)
    x = _conv_bn_relu(inputs, 16)
    for group, width in enumerate((16 * widen_factor, 32 * widen_factor, 64 * widen_factor)):
        if group:
            x = keras.layers.MaxPooling2D(2)(x)
        for _ in range(blocks):
            x = _basic_block(x, width, dropout)
    x = keras.layers.GlobalAveragePooling2D()(x)
    outputs = keras.layers.Dense(classes, activation=activation)(x)
    return keras.Model(inputs, outputs, name=name)


def _conv_bn_relu(x, filters):
    x = keras.layers.Conv2D(filters, 3, padding="same", kernel_initializer="he_normal", use_bias=False)(x)
    x = keras.layers.BatchNormalization(momentum=0.9)(x)
    return keras.layers.Activation("relu")(x)


def _basic_block(inputs, filters, dropout):
    shortcut = inputs
    if inputs.shape[-1] != filters:
        shortcut = keras.layers.Conv2D(filters, 1, padding="same", kernel_initializer="he_normal",
                                       use_bias=False)(inputs)
    x = _conv_bn_relu(inputs, filters)
    if dropout > 0.0:
        x = keras.layers.Dropout(dropout)(x)
    x = _conv_bn_relu(x, filters)
    return keras.layers.Add()([shortcut, x])
