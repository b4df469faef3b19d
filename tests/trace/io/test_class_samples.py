import keras
import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.trace import Data, System
from kerasfe.trace.io import ClassSamples
from kerasfe.util import BatchDisplay, GridDisplay


def label_generator(latent_dim=3, one_hot=False):
    """(latent, label) -> a 2x2 image whose pixels are the class id plus the latent vector's first value."""
    latent = keras.Input((latent_dim,))
    label = keras.Input((4,)) if one_hot else keras.Input((), dtype="int32")
    class_id = keras.ops.argmax(label, axis=-1) if one_hot else label
    value = keras.ops.cast(class_id, "float32") + latent[:, 0]
    return keras.Model([latent, label], keras.ops.tile(keras.ops.reshape(value, (-1, 1, 1, 1)), (1, 2, 2, 1)))


@pytest.mark.parametrize("one_hot", [False, True])
def test_samples_of_each_class_from_the_same_latent_vectors_and_their_accuracy(one_hot):
    seen = []

    def classifier(images):
        seen.append(images)
        return np.array([0, 0, 1, 2, 2, 2, 3, 0])  # asked: 0 0 1 1 2 2 3 3, right for 6 of the 8

    samples = ClassSamples(label_generator(one_hot=one_hot), latent_dim=3, classes=4, per_class=2,
                           classifier=classifier, one_hot=one_hot, seed=1)
    samples.system = System(network=None)
    samples.system.mode, samples.system.epoch_idx = "eval", 1
    data = Data()
    samples.on_epoch_end(data)
    first = np.random.default_rng(1).normal(size=(2, 3))[:, 0]
    expected = np.repeat(np.arange(4.0), 2) + np.tile(first, 4)
    np.testing.assert_allclose(seen[0][:, 0, 0, 0], expected, rtol=1e-6)
    assert data["sample_accuracy"] == 6 / 8
    grid = data["samples"]
    assert isinstance(grid, GridDisplay) and grid.batch_size == 2
    assert [column.title for column in grid.columns] == [f"class {label}" for label in range(4)]
    np.testing.assert_allclose(grid.columns[3].batch[1].image[..., 0], np.full((2, 2), 3 + first[1]), rtol=1e-6)
    assert grid.to_array().shape[:2] == GridDisplay([BatchDisplay(image=np.zeros((2, 2, 2)), title="a")] * 4) \
        .to_array().shape[:2]


def test_without_classifier_only_the_grid_is_written():
    samples = ClassSamples(label_generator(), latent_dim=3, classes=2, per_class=1, outputs="grid")
    assert samples.outputs == ["grid"]
    grid, accuracy = samples.generate()
    assert accuracy is None and len(grid.columns) == 2


def test_bad_configuration_is_reported():
    with pytest.raises(ConfigError, match="two outputs"):
        ClassSamples(label_generator(), latent_dim=3, classes=2, outputs="grid", classifier=lambda images: images)
    with pytest.raises(ConfigError, match="at least 1"):
        ClassSamples(label_generator(), latent_dim=3, classes=2, per_class=0)
