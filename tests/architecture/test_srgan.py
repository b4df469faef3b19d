import keras
import numpy as np
import pytest

from kerasfe.architecture import SRGANDiscriminator, SRResNetGenerator
from kerasfe.errors import ConfigError


def test_generator_upscales_any_size_by_its_factor_and_discriminator_scores_one_logit():
    generator = SRResNetGenerator(scale=4, channels=3, filters=4, residual_blocks=1)
    images = np.random.default_rng(0).uniform(size=(2, 6, 10, 3)).astype("float32")
    upscaled = keras.ops.convert_to_numpy(generator(images))
    assert upscaled.shape == (2, 24, 40, 3)
    assert keras.ops.convert_to_numpy(generator(images[:, :4, :4])).shape == (2, 16, 16, 3)
    residual_adds = [layer for layer in generator.layers if isinstance(layer, keras.layers.Add)]
    assert len(residual_adds) == 2  # one residual block + the long skip
    discriminator = SRGANDiscriminator((24, 40, 3), filters=2, blocks=3, dense_units=4)
    assert tuple(keras.ops.convert_to_numpy(discriminator(upscaled)).shape) == (2, 1)
    strided = [layer.strides for layer in discriminator.layers if isinstance(layer, keras.layers.Conv2D)]
    assert strided == [(1, 1)] + [(2, 2), (1, 1)] * 3


def test_bad_sizes_are_reported():
    with pytest.raises(ConfigError, match="power of 2"):
        SRResNetGenerator(scale=3)
    with pytest.raises(ConfigError, match="divisible by 2 \\*\\* blocks = 8"):
        SRGANDiscriminator((20, 24, 1), blocks=3)
