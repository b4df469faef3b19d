"""A small ACGAN (auxiliary classifier GAN) pair for square single-channel images: a generator conditioned on a
class label, and a discriminator with a real/fake head and a class head, and the ops that train them."""
import keras

from kerasfe.architecture.dcgan import gan_loss_ops
from kerasfe.op.tensorop import CrossEntropy, LambdaOp, ModelOp, UpdateOp


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


def acgan_ops(generator, discriminator, real="x", label="y", latent="z", update_generator=True,
              update_discriminator=True):
    """The TensorOps of an ACGAN step: the GAN losses of `gan_loss_ops` plus the auxiliary class losses.

    The generator turns (`latent`, `label`) into "fake" (each fake asks for the class of its real sample, so the
    classes follow the data's); the discriminator scores "fake" and `real` as (real/fake logit, class logits):
    "fake_score", "fake_class", "real_score", "real_class". "fake_class_loss" and "real_class_loss" are the sparse
    cross-entropies of the class logits against `label`. "g_loss" = "g_adv_loss" (fakes scored as real) +
    "fake_class_loss"; "d_loss" = "d_adv_loss" ("real_loss" + "fake_loss") + "real_class_loss" +
    "fake_class_loss". Each model steps its own optimizer on its own loss. In "infer" mode only the models run.

    Args:
        generator, discriminator: an ACGANGenerator and ACGANDiscriminator from `fe.build`.
        real: the key of the real images.
        label: the key of their class ids.
        latent: the key of the latent vectors.
        update_generator, update_discriminator: include that model's UpdateOp.

    Example:
        >>> import numpy as np, kerasfe as fe
        >>> generator = fe.build(lambda: ACGANGenerator(latent_dim=8, filters=4), "adam")
        >>> discriminator = fe.build(lambda: ACGANDiscriminator(filters=4), "adam")
        >>> network = fe.Network(ops=acgan_ops(generator, discriminator))
        >>> batch = {"x": np.zeros((4, 16, 16, 1), "float32"), "y": np.arange(4), "z": np.ones((4, 8), "float32")}
        >>> sorted(network.evaluate(batch, batch_size=4, verbose=0, return_dict=True))
        ['d_loss', 'fake_class_loss', 'fake_loss', 'g_adv_loss', 'g_loss', 'loss', 'real_class_loss', 'real_loss']
    """
    ops = [ModelOp(model=generator, inputs=(latent, label), outputs="fake"),
           ModelOp(model=discriminator, inputs="fake", outputs=("fake_score", "fake_class")),
           ModelOp(model=discriminator, inputs=real, outputs=("real_score", "real_class")),
           *gan_loss_ops(g_loss="g_adv_loss", d_loss="d_adv_loss"),
           CrossEntropy(inputs=("fake_class", label), outputs="fake_class_loss", from_logits=True, form="sparse"),
           CrossEntropy(inputs=("real_class", label), outputs="real_class_loss", from_logits=True, form="sparse"),
           LambdaOp(fn=keras.ops.add, inputs=("g_adv_loss", "fake_class_loss"), outputs="g_loss", mode="!infer"),
           LambdaOp(fn=lambda adversarial, real_class, fake_class: adversarial + real_class + fake_class,
                    inputs=("d_adv_loss", "real_class_loss", "fake_class_loss"), outputs="d_loss", mode="!infer")]
    if update_generator:
        ops.append(UpdateOp(model=generator, loss_name="g_loss"))
    if update_discriminator:
        ops.append(UpdateOp(model=discriminator, loss_name="d_loss"))
    return ops
