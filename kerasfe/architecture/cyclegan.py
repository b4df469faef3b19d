"""CycleGAN parts: a ResNet-style image-to-image generator and a PatchGAN discriminator."""
import keras

from kerasfe.layers.reflection_padding_2d import ReflectionPadding2D


def CycleGANGenerator(input_shape=(256, 256, 3), filters=64, num_residual_blocks=9,  # noqa: N802
                      name="generator"):
    """Translates an image to another domain of the same size, values in [-1, 1].

    c7s1-`filters` -> two stride-2 convs (2x, 4x `filters`) -> `num_residual_blocks` residual blocks ->
    two stride-2 transposed convs -> c7s1-channels with tanh. Convs use reflection padding and instance
    normalization (`GroupNormalization` with one group per channel), as in the CycleGAN paper.

    Args:
        input_shape: (height, width, channels); height and width must be multiples of 4.
        filters: the width of the first conv (64 in the paper; smaller for quick runs).
        num_residual_blocks: 9 for 256x256 images in the paper, 6 for 128x128.
        name: the model's name.

    Example:
        >>> CycleGANGenerator(input_shape=(32, 32, 3), filters=4, num_residual_blocks=1).output_shape
        (None, 32, 32, 3)
    """
    inputs = keras.Input(input_shape)
    x = ReflectionPadding2D(3)(inputs)
    x = _norm_relu(keras.layers.Conv2D(filters, 7, use_bias=False)(x))
    for scale in (2, 4):
        x = _norm_relu(keras.layers.Conv2D(filters * scale, 3, strides=2, padding="same", use_bias=False)(x))
    for _ in range(num_residual_blocks):
        x = x + _residual_branch(x, filters * 4)
    for scale in (2, 1):
        x = _norm_relu(keras.layers.Conv2DTranspose(filters * scale, 3, strides=2, padding="same",
                                                    use_bias=False)(x))
    x = ReflectionPadding2D(3)(x)
    outputs = keras.layers.Conv2D(input_shape[-1], 7, activation="tanh")(x)
    return keras.Model(inputs, outputs, name=name)


def PatchGANDiscriminator(input_shape=(256, 256, 3), filters=64, num_layers=3,  # noqa: N802
                          name="discriminator"):
    """Scores each overlapping patch of an image as real (high) or generated (low): one logit per patch.

    C`filters` (no normalization) -> `num_layers - 1` more stride-2 4x4 convs doubling the width, with
    instance normalization and LeakyReLU(0.2) -> a stride-1 conv -> a 1-channel stride-1 conv.
    With the defaults (70x70 receptive field) a 256x256 image gives a 30x30 grid of scores.

    Args:
        input_shape: (height, width, channels) of the images.
        filters: the width of the first conv (64 in the paper).
        num_layers: stride-2 convs (each halves the image).
        name: the model's name.

    Example:
        >>> PatchGANDiscriminator(input_shape=(32, 32, 3), filters=4, num_layers=2).output_shape
        (None, 6, 6, 1)
    """
    inputs = keras.Input(input_shape)
    x = keras.layers.LeakyReLU(0.2)(keras.layers.Conv2D(filters, 4, strides=2, padding="same")(inputs))
    for layer in range(1, num_layers):
        x = keras.layers.Conv2D(filters * 2 ** layer, 4, strides=2, padding="same", use_bias=False)(x)
        x = keras.layers.LeakyReLU(0.2)(_instance_norm(x))
    x = keras.layers.ZeroPadding2D(1)(x)
    x = keras.layers.Conv2D(filters * 2 ** num_layers, 4, use_bias=False)(x)
    x = keras.layers.LeakyReLU(0.2)(_instance_norm(x))
    x = keras.layers.ZeroPadding2D(1)(x)
    outputs = keras.layers.Conv2D(1, 4)(x)
    return keras.Model(inputs, outputs, name=name)


def _instance_norm(x):
    return keras.layers.GroupNormalization(groups=-1, epsilon=1e-5)(x)


def _norm_relu(x):
    return keras.layers.ReLU()(_instance_norm(x))


def _residual_branch(x, filters):
    for last in (False, True):
        x = ReflectionPadding2D(1)(x)
        x = _instance_norm(keras.layers.Conv2D(filters, 3, use_bias=False)(x))
        if not last:
            x = keras.layers.ReLU()(x)
    return x
