"""A small ACGAN (auxiliary classifier GAN) pair for square single-channel images: a generator conditioned on a
class label, and a discriminator with a real/fake head and a class head."""
import keras


def ACGANGenerator(latent_dim=64, classes=10, image_size=16, filters=32, name="generator"):  # noqa: N802
    """Maps (latent vector, class id) to an image in [-1, 1]: the latent vector times a learned embedding of the
    class, a dense layer, then two strided transposed convs (`image_size` a multiple of 4).

    Example:
        >>> ACGANGenerator(latent_dim=8, image_size=16, filters=4).output_shape
        (None, 16, 16, 1)
    """
    latent, label = keras.Input((latent_dim,)), keras.Input((), dtype="int32")
    conditioned = keras.layers.Multiply()([latent, keras.layers.Embedding(classes, latent_dim)(label)])
    side = image_size // 4
    features = keras.layers.Dense(side * side * 2 * filters, use_bias=False)(conditioned)
    features = keras.layers.LeakyReLU(0.2)(keras.layers.BatchNormalization()(features))
    features = keras.layers.Reshape((side, side, 2 * filters))(features)
    features = keras.layers.Conv2DTranspose(filters, 4, strides=2, padding="same", use_bias=False)(features)
    features = keras.layers.LeakyReLU(0.2)(keras.layers.BatchNormalization()(features))
    image = keras.layers.Conv2DTranspose(1, 4, strides=2, padding="same", activation="tanh")(features)
    return keras.Model([latent, label], image, name=name)


def ACGANDiscriminator(image_size=16, classes=10, filters=32, name="discriminator"):  # noqa: N802
    """Scores an image: (real/fake logit (batch, 1), class logits (batch, classes)), two strided convs shared
    by both heads.

    Example:
        >>> [tuple(shape) for shape in ACGANDiscriminator(filters=4).output_shape]
        [(None, 1), (None, 10)]
    """
    image = keras.Input((image_size, image_size, 1))
    features = keras.layers.LeakyReLU(0.2)(keras.layers.Conv2D(filters, 4, strides=2, padding="same")(image))
    features = keras.layers.Dropout(0.3)(features)
    features = keras.layers.LeakyReLU(0.2)(keras.layers.Conv2D(2 * filters, 4, strides=2, padding="same")(features))
    features = keras.layers.Flatten()(keras.layers.Dropout(0.3)(features))
    return keras.Model(image, [keras.layers.Dense(1)(features), keras.layers.Dense(classes)(features)], name=name)
