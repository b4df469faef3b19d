"""A small DCGAN generator / discriminator pair for 28x28 single-channel images, and the ops that train them."""
import keras

from kerasfe.op.tensorop import CrossEntropy, LambdaOp, ModelOp, UpdateOp


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


def gan_loss_ops(fake_score="fake_score", real_score="real_score", g_loss="g_loss", d_loss="d_loss"):
    """The TensorOps of the standard (non-saturating) binary cross-entropy GAN losses of real/fake logits.

    `g_loss` rewards fakes scored as real; `d_loss` = "real_loss" + "fake_loss" rewards telling them apart
    (not run in "infer" mode).

    Example:
        >>> import numpy as np, kerasfe as fe
        >>> network = fe.Network(ops=gan_loss_ops())
        >>> batch = {"fake_score": np.zeros((2, 1), "float32"), "real_score": np.zeros((2, 1), "float32")}
        >>> losses = network.evaluate(batch, batch_size=2, verbose=0, return_dict=True)
        >>> {key: round(float(value), 4) for key, value in sorted(losses.items())}  # the CrossEntropy values
        {'fake_loss': 0.6931, 'g_loss': 0.6931, 'real_loss': 0.6931}
    """
    return [LambdaOp(fn=keras.ops.ones_like, inputs=fake_score, outputs="ones", mode="!infer"),
            LambdaOp(fn=keras.ops.zeros_like, inputs=fake_score, outputs="zeros", mode="!infer"),
            CrossEntropy(inputs=(fake_score, "ones"), outputs=g_loss, from_logits=True),
            CrossEntropy(inputs=(real_score, "ones"), outputs="real_loss", from_logits=True),
            CrossEntropy(inputs=(fake_score, "zeros"), outputs="fake_loss", from_logits=True),
            LambdaOp(fn=keras.ops.add, inputs=("real_loss", "fake_loss"), outputs=d_loss, mode="!infer")]


def dcgan_ops(generator, discriminator, real="x", latent="z", update_generator=True, update_discriminator=True):
    """The TensorOps of a DCGAN step: the standard (non-saturating) binary cross-entropy GAN losses.

    The generator turns `latent` into "fake"; the discriminator scores "fake" and `real` (logits
    "fake_score", "real_score"). "g_loss" rewards fakes scored as real; "d_loss" = "real_loss" +
    "fake_loss" rewards telling them apart. Each model steps its own optimizer on its own loss (both
    from the same forward pass). In "infer" mode only the models run.

    Args:
        generator, discriminator: models from `fe.build` (each with its optimizer).
        real: the key of the real images.
        latent: the key of the latent vectors.
        update_generator, update_discriminator: include that model's UpdateOp.

    Example:
        >>> import numpy as np, kerasfe as fe
        >>> generator = fe.build(lambda: DCGANGenerator(latent_dim=8), "adam")
        >>> discriminator = fe.build(DCGANDiscriminator, "adam")
        >>> network = fe.Network(ops=dcgan_ops(generator, discriminator))
        >>> batch = {"x": np.zeros((4, 28, 28, 1), "float32"), "z": np.ones((4, 8), "float32")}
        >>> sorted(network.evaluate(batch, batch_size=4, verbose=0, return_dict=True))
        ['d_loss', 'fake_loss', 'g_loss', 'loss', 'real_loss']
    """
    ops = [ModelOp(model=generator, inputs=latent, outputs="fake"),
           ModelOp(model=discriminator, inputs="fake", outputs="fake_score"),
           ModelOp(model=discriminator, inputs=real, outputs="real_score"),
           *gan_loss_ops()]
    if update_generator:
        ops.append(UpdateOp(model=generator, loss_name="g_loss"))
    if update_discriminator:
        ops.append(UpdateOp(model=discriminator, loss_name="d_loss"))
    return ops
