import keras
import numpy as np

from kerasfe.architecture import DCGANDiscriminator, DCGANGenerator, LeNet


def test_lenet_outputs_class_probabilities():
    probabilities = keras.ops.convert_to_numpy(LeNet(input_shape=(32, 32, 3), classes=4)(np.zeros((2, 32, 32, 3))))
    assert probabilities.shape == (2, 4)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)


def test_dcgan_pair_shapes_and_range():
    generator, discriminator = DCGANGenerator(latent_dim=8), DCGANDiscriminator()
    images = generator(np.random.default_rng(0).normal(size=(3, 8)).astype("float32"))
    assert tuple(images.shape) == (3, 28, 28, 1)
    assert float(keras.ops.max(keras.ops.abs(images))) <= 1.0
    assert tuple(discriminator(images).shape) == (3, 1)
