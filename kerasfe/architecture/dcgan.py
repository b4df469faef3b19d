"""A small DCGAN generator / discriminator pair for 28x28 single-channel images."""
import keras


def DCGANGenerator(latent_dim=100, name="generator"):  # noqa: N802
    """Maps a latent vector to a 28x28x1 image in [-1, 1] (dense -> two strided transposed convs).

    Example:
        >>> DCGANGenerator(latent_dim=16).output_shape
        (None, 28, 28, 1)
    """
    return keras.Sequential([
        keras.Input((latent_dim,)),
        keras.layers.Dense(7 * 7 * 64, use_bias=False),
        keras.layers.BatchNormalization(),
        keras.layers.LeakyReLU(0.2),
        keras.layers.Reshape((7, 7, 64)),
        keras.layers.Conv2DTranspose(32, 5, strides=2, padding="same", use_bias=False),
        keras.layers.BatchNormalization(),
        keras.layers.LeakyReLU(0.2),
        keras.layers.Conv2DTranspose(1, 5, strides=2, padding="same", activation="tanh"),
    ], name=name)


def DCGANDiscriminator(input_shape=(28, 28, 1), name="discriminator"):  # noqa: N802
    """Scores an image as real (high logit) or generated (low logit): two strided convs -> one logit.

    Example:
        >>> DCGANDiscriminator().output_shape
        (None, 1)
    """
    return keras.Sequential([
        keras.Input(input_shape),
        keras.layers.Conv2D(32, 5, strides=2, padding="same"),
        keras.layers.LeakyReLU(0.2),
        keras.layers.Dropout(0.3),
        keras.layers.Conv2D(64, 5, strides=2, padding="same"),
        keras.layers.LeakyReLU(0.2),
        keras.layers.Dropout(0.3),
        keras.layers.Flatten(),
        keras.layers.Dense(1),
    ], name=name)
