import keras
import numpy as np

from kerasfe.architecture import ACGANDiscriminator, ACGANGenerator


def test_generator_is_conditioned_on_the_label_and_discriminator_has_two_heads():
    generator = ACGANGenerator(latent_dim=8, image_size=16, filters=4)
    latent = np.tile(np.random.default_rng(0).normal(size=(1, 8)).astype("float32"), (2, 1))
    images = keras.ops.convert_to_numpy(generator([latent, np.array([0, 1], "int32")]))
    assert images.shape == (2, 16, 16, 1) and np.abs(images).max() <= 1
    assert not np.allclose(images[0], images[1])  # one latent vector, two labels: two images
    real_fake, classes = ACGANDiscriminator(image_size=16, filters=4)(images)
    assert tuple(real_fake.shape) == (2, 1) and tuple(classes.shape) == (2, 10)
