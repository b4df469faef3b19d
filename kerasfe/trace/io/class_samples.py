"""ClassSamples: a class-conditional generator's samples of every class, as a grid (and optionally scored)."""
import keras
import numpy as np

from kerasfe.errors import ConfigError
from kerasfe.trace.trace import Trace
from kerasfe.util.display import BatchDisplay, GridDisplay


class ClassSamples(Trace):
    """At each epoch's end, runs `generator([latent, labels])` on `per_class` fixed latent vectors (drawn once from
    N(0, 1) with `seed`, the same ones for every class) for each class, and writes a `GridDisplay` of them (a column
    per class) to `outputs[0]`, for ImageSaver (`<outputs[0]>_<mode>_epoch_<n>.png`) or ImageViewer. With a
    `classifier`, it also logs `outputs[1]`: the fraction of the samples `classifier` assigns to the class they
    were generated for (how well the generator obeys its condition).

    Args:
        generator: a model of (latent vectors, labels) -> images.
        latent_dim: the size of its latent vectors.
        classes: the number of classes.
        per_class: samples per class.
        outputs: the key of the grid, and (with a classifier) the key of the accuracy.
        classifier: None, or a function of the images (numpy, as the generator returns them) -> class ids.
        one_hot: feed the labels one-hot (float32) instead of as int32 class ids.
        seed: the seed of the latent vectors.
        mode: where it runs ("eval" by default).

    Example:
        >>> import keras
        >>> latent, label = keras.Input((2,)), keras.Input((), dtype="int32")
        >>> images = keras.layers.Reshape((1, 1, 1))(keras.ops.cast(label, "float32"))
        >>> samples = ClassSamples(keras.Model([latent, label], images), latent_dim=2, classes=3, per_class=2,
        ...                        classifier=lambda images: images.reshape(len(images)).round())
        >>> grid, accuracy = samples.generate()
        >>> grid.batch_size, len(grid.columns), accuracy
        (2, 3, 1.0)
    """

    def __init__(self, generator, latent_dim, classes, per_class=4, outputs=("samples", "sample_accuracy"),
                 classifier=None, one_hot=False, seed=0, mode="eval"):
        outputs = [outputs] if isinstance(outputs, str) else list(outputs)
        if classifier is not None and len(outputs) < 2:
            raise ConfigError(f"ClassSamples: with a classifier give two outputs (the grid's key, the accuracy's "
                              f"key); got outputs={outputs}")
        super().__init__(outputs=outputs[:2] if classifier is not None else outputs[:1], mode=mode)
        if classes < 1 or per_class < 1:
            raise ConfigError(f"ClassSamples: classes and per_class must be at least 1; got {classes}, {per_class}")
        self.generator, self.classifier, self.classes, self.per_class = generator, classifier, classes, per_class
        latent = np.random.default_rng(seed).normal(size=(per_class, latent_dim)).astype("float32")
        self.latent = np.tile(latent, (classes, 1))
        self.labels = np.repeat(np.arange(classes, dtype="int32"), per_class)
        self.one_hot = one_hot

    def generate(self):
        """The grid of the generator's current samples, and their accuracy under `classifier` (None without)."""
        labels = np.eye(self.classes, dtype="float32")[self.labels] if self.one_hot else self.labels
        images = keras.ops.convert_to_numpy(self.generator([self.latent, labels], training=False))
        grid = GridDisplay([BatchDisplay(image=images[label * self.per_class:(label + 1) * self.per_class],
                                         title=f"class {label}") for label in range(self.classes)])
        if self.classifier is None:
            return grid, None
        predicted = np.asarray(self.classifier(images)).reshape(len(images))
        return grid, float(np.mean(predicted == self.labels))

    def on_epoch_end(self, data):
        grid, accuracy = self.generate()
        data.write_without_log(self.outputs[0], grid)
        if accuracy is not None:
            data.write_with_log(self.outputs[1], accuracy)
