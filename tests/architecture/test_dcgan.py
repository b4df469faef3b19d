import keras
import numpy as np

from kerasfe.architecture import DCGANDiscriminator, DCGANGenerator
from tests.architecture.training import before_output_activation, zeroed


def test_dcgan_pair_shapes_and_range():
    generator, discriminator = DCGANGenerator(latent_dim=8), DCGANDiscriminator()
    latent = np.random.default_rng(0).normal(size=(3, 8)).astype("float32")
    images = generator(latent)
    assert tuple(images.shape) == (3, 28, 28, 1)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(images), np.tanh(before_output_activation(generator, latent)),
                               atol=1e-6)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(zeroed(generator)(latent)), np.zeros((3, 28, 28, 1)))
    assert tuple(discriminator(images).shape) == (3, 1)
