"""SRGAN's models (Ledig et al. 2017), sized by arguments: the SRResNet generator and the discriminator."""
import math

import keras

from kerasfe.errors import ConfigError


def _residual_block(features, filters):
    """conv-BN-PReLU-conv-BN, added to its input."""
    block = keras.layers.Conv2D(filters, 3, padding="same")(features)
    block = keras.layers.PReLU(shared_axes=[1, 2])(keras.layers.BatchNormalization()(block))
    block = keras.layers.BatchNormalization()(keras.layers.Conv2D(filters, 3, padding="same")(block))
    return keras.layers.Add()([features, block])


def SRResNetGenerator(scale=4, channels=3, filters=64, residual_blocks=16, name="generator"):  # noqa: N802
    """SRGAN's SRResNet: a low-resolution image (any size, `channels` channels) -> one `scale` times larger.

    A 9x9 conv + PReLU, `residual_blocks` residual blocks (conv-BN-PReLU-conv-BN + skip), a conv-BN added to the
    first features, then one 2x upsampling per factor of 2 of `scale` (nearest-neighbour UpSampling2D, a conv,
    PReLU) and a linear 9x9 conv to `channels` (the values keep the input's range).

    Args:
        scale: the upscaling factor, a power of 2.
        channels: the images' channels.
        filters: the width of the convs.
        residual_blocks: how many residual blocks.

    Example:
        >>> SRResNetGenerator(scale=2, channels=1, filters=8, residual_blocks=2).compute_output_shape((None, 8, 8, 1))
        (None, 16, 16, 1)
    """
    if scale < 2 or 2 ** round(math.log2(scale)) != scale:
        raise ConfigError(f"SRResNetGenerator: scale must be a power of 2 (2, 4, 8, ...); got {scale}")
    image = keras.Input((None, None, channels))
    first = keras.layers.PReLU(shared_axes=[1, 2])(keras.layers.Conv2D(filters, 9, padding="same")(image))
    features = first
    for _ in range(residual_blocks):
        features = _residual_block(features, filters)
    features = keras.layers.BatchNormalization()(keras.layers.Conv2D(filters, 3, padding="same")(features))
    features = keras.layers.Add()([first, features])
    for _ in range(round(math.log2(scale))):
        features = keras.layers.Conv2D(filters, 3, padding="same")(keras.layers.UpSampling2D(2)(features))
        features = keras.layers.PReLU(shared_axes=[1, 2])(features)
    return keras.Model(image, keras.layers.Conv2D(channels, 9, padding="same")(features), name=name)


def SRGANDiscriminator(input_shape=(96, 96, 3), filters=64, blocks=4, dense_units=1024,  # noqa: N802
                       name="discriminator"):
    """SRGAN's discriminator: an image -> one real/fake logit (batch, 1).

    A conv + LeakyReLU, then `blocks` pairs of conv-BN-LeakyReLU (the first of each pair strided 2, the width
    doubling every pair from `filters`), a dense layer of `dense_units` + LeakyReLU and a dense logit. The side of
    `input_shape` must be divisible by 2 ** blocks.

    Example:
        >>> SRGANDiscriminator((16, 16, 1), filters=4, blocks=2, dense_units=8).output_shape
        (None, 1)
    """
    if input_shape[0] % 2 ** blocks or input_shape[1] % 2 ** blocks:
        raise ConfigError(f"SRGANDiscriminator: input_shape {tuple(input_shape)} must have sides divisible by "
                          f"2 ** blocks = {2 ** blocks}")
    image = keras.Input(input_shape)
    features = keras.layers.LeakyReLU(0.2)(keras.layers.Conv2D(filters, 3, padding="same")(image))
    for block in range(blocks):
        width = filters * 2 ** block
        for strides in (2, 1):
            features = keras.layers.Conv2D(width, 3, strides=strides, padding="same")(features)
            features = keras.layers.LeakyReLU(0.2)(keras.layers.BatchNormalization()(features))
    features = keras.layers.Dense(dense_units)(keras.layers.Flatten()(features))
    return keras.Model(image, keras.layers.Dense(1)(keras.layers.LeakyReLU(0.2)(features)), name=name)
