import keras
import numpy as np

from kerasfe.architecture import DCGANDiscriminator, DCGANGenerator


def test_dcgan_pair_shapes_and_range():
    generator, discriminator = DCGANGenerator(latent_dim=8), DCGANDiscriminator()
    images = generator(np.random.default_rng(0).normal(size=(3, 8)).astype("float32"))
    assert tuple(images.shape) == (3, 28, 28, 1)
    assert float(keras.ops.max(keras.ops.abs(images))) <= 1.0
    assert tuple(discriminator(images).shape) == (3, 1)
