import keras
import numpy as np

from kerasfe.architecture import CycleGANGenerator, PatchGANDiscriminator, ReflectionPadding2D
from tests.architecture.training import assert_trains, before_output_activation, zeroed


def test_reflection_padding_matches_numpy():
    images = np.random.default_rng(0).random((2, 5, 6, 3), dtype="float32")
    padded = keras.ops.convert_to_numpy(ReflectionPadding2D(padding=2)(images))
    np.testing.assert_array_equal(padded, np.pad(images, ((0, 0), (2, 2), (2, 2), (0, 0)), mode="reflect"))
    assert ReflectionPadding2D(padding=2).compute_output_shape((None, 5, None, 3)) == (None, 9, None, 3)
    assert ReflectionPadding2D.from_config(ReflectionPadding2D(padding=3).get_config()).padding == (3, 3)


def test_generator_keeps_the_image_shape_in_tanh_range_and_trains():
    generator = CycleGANGenerator(input_shape=(16, 16, 3), filters=2, num_residual_blocks=1)
    x = np.random.default_rng(0).uniform(-1, 1, (4, 16, 16, 3)).astype("float32")
    images = generator.predict(x, verbose=0)
    assert images.shape == (4, 16, 16, 3)
    np.testing.assert_allclose(images, np.tanh(before_output_activation(generator, x)), atol=1e-6)
    np.testing.assert_array_equal(zeroed(generator).predict(x, verbose=0), np.zeros((4, 16, 16, 3), "float32"))
    assert_trains(generator, x, x[:, ::-1], "mean_absolute_error")


def test_patchgan_gives_the_paper_grid_for_256_images():
    assert PatchGANDiscriminator(filters=1).output_shape == (None, 30, 30, 1)


def test_patchgan_trains():
    discriminator = PatchGANDiscriminator(input_shape=(16, 16, 3), filters=2, num_layers=2)
    assert discriminator.output_shape == (None, 2, 2, 1)
    x = np.random.default_rng(0).uniform(-1, 1, (4, 16, 16, 3)).astype("float32")
    assert_trains(discriminator, x, np.ones((4, 2, 2, 1), "float32"), "mean_squared_error")
