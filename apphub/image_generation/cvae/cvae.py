"""A conditional variational autoencoder (CVAE) on scikit-learn's bundled digits: no download needed.

    python apphub/image_generation/cvae/cvae.py --epochs 30
    kerasfe train apphub/image_generation/cvae/cvae.py --epochs 30 --backend jax

The encoder maps a digit image to the mean and log-variance of a Gaussian over the latent space; the
`Reparameterize` TensorOp draws `z = mean + exp(log_var / 2) * eps` on the device; the decoder maps `z` and the
one-hot label back to the image. The loss is the reconstruction's binary cross-entropy summed over the pixels
plus the `NormalKLDivergence` of the latent Gaussian from N(0, 1). After every eval epoch `DigitSamples` decodes
a fixed set of latent vectors for each class into a grid, `samples_epoch_<n>.png` in `save_dir`.
"""
import os
import tempfile

import keras
import numpy as np

import kerasfe as fe
from kerasfe.atomic_file import atomic_open, make_folder
from kerasfe.cli.app import run_script
from kerasfe.dataset.data import digits
from kerasfe.op.numpyop import Onehot
from kerasfe.op.tensorop import CrossEntropy, LambdaOp, ModelOp, NormalKLDivergence, Reparameterize, UpdateOp
from kerasfe.trace import Trace
from kerasfe.trace.io import BestModelSaver
from kerasfe.trace.io.image import to_png

CLASSES = 10


def encoder(image_size, latent_dim, filters):
    """Image -> (mean, log-variance) of the latent Gaussian, two strided convs then two dense heads."""
    image = keras.Input((image_size, image_size, 1))
    features = keras.layers.Conv2D(filters, 3, strides=2, padding="same", activation="relu")(image)
    features = keras.layers.Conv2D(2 * filters, 3, strides=2, padding="same", activation="relu")(features)
    features = keras.layers.Flatten()(features)
    return keras.Model(image, [keras.layers.Dense(latent_dim)(features), keras.layers.Dense(latent_dim)(features)],
                       name="encoder")


def decoder(image_size, latent_dim, filters):
    """(latent vector, one-hot label) -> image probabilities, a dense layer then two strided transposed convs."""
    latent, label = keras.Input((latent_dim,)), keras.Input((CLASSES,))
    side = image_size // 4
    features = keras.layers.Dense(side * side * 2 * filters, activation="relu")(
        keras.layers.Concatenate()([latent, label]))
    features = keras.layers.Reshape((side, side, 2 * filters))(features)
    features = keras.layers.Conv2DTranspose(2 * filters, 3, strides=2, padding="same", activation="relu")(features)
    features = keras.layers.Conv2DTranspose(filters, 3, strides=2, padding="same", activation="relu")(features)
    image = keras.layers.Conv2DTranspose(1, 3, padding="same", activation="sigmoid")(features)
    return keras.Model([latent, label], image, name="decoder")


class DigitSamples(Trace):
    """After each eval epoch, decodes `per_class` fixed latent vectors (drawn once from N(0, 1) with `seed`) for
    every class and writes them as a grid (a row per class) to `save_dir/samples_epoch_<n>.png`."""

    def __init__(self, decoder_model, latent_dim, save_dir, per_class=8, seed=0):
        super().__init__(mode="eval")
        self.decoder, self.save_dir = decoder_model, save_dir
        latent = np.random.default_rng(seed).normal(size=(per_class, latent_dim)).astype("float32")
        self.latent = np.tile(latent, (CLASSES, 1))
        self.labels = np.repeat(np.eye(CLASSES, dtype="float32"), per_class, axis=0)
        self.per_class = per_class

    def on_begin(self, data):
        make_folder(self.save_dir, self.describe(), "save_dir")

    def on_epoch_end(self, data):
        images = keras.ops.convert_to_numpy(self.decoder([self.latent, self.labels], training=False))
        size = images.shape[1]
        grid = images[..., 0].reshape(CLASSES, self.per_class, size, size).transpose(0, 2, 1, 3)
        path = os.path.join(self.save_dir, f"samples_epoch_{self.system.epoch_idx}.png")
        with atomic_open(path, "wb") as file:
            file.write(to_png(grid.reshape(CLASSES * size, self.per_class * size)))


def get_estimator(epochs=30, batch_size=32, max_train_steps_per_epoch=None, max_eval_steps_per_epoch=None,
                  image_size=16, latent_dim=8, filters=16, learning_rate=1e-3, seed=0, save_dir=None,
                  log_steps=100):
    """The Pipeline -> Network -> Estimator of this application.

    Args:
        image_size: the digits' side (a multiple of 8 and of 4: 16 doubles the 8x8 images; 24).
        latent_dim: the size of the latent space.
        filters: the width of the first conv of the encoder and of the last one of the decoder.
        seed: the seed of the reparameterisation noise.
        save_dir: where the best weights (lowest eval loss) and the sample grids go (a new temporary folder by
            default).
    """
    save_dir = save_dir or tempfile.mkdtemp(prefix="cvae_")
    train, evaluation, test = digits.load_data(image_size=image_size)
    pipeline = fe.Pipeline(train_data=train, eval_data=evaluation, test_data=test, batch_size=batch_size,
                           ops=[Onehot(inputs="y", outputs="y_onehot", num_classes=CLASSES)])
    encoder_model = fe.build(lambda: encoder(image_size, latent_dim, filters),
                             lambda: keras.optimizers.Adam(learning_rate), model_name="encoder")
    decoder_model = fe.build(lambda: decoder(image_size, latent_dim, filters),
                             lambda: keras.optimizers.Adam(learning_rate), model_name="decoder")
    pixels = float(image_size * image_size)
    network = fe.Network(ops=[
        ModelOp(model=encoder_model, inputs="x", outputs=("mean", "log_var")),
        Reparameterize(inputs=("mean", "log_var"), outputs="z", seed=seed),
        ModelOp(model=decoder_model, inputs=("z", "y_onehot"), outputs="x_pred"),
        CrossEntropy(inputs=("x_pred", "x"), outputs="pixel_ce"),
        LambdaOp(fn=lambda pixel_ce: pixel_ce * pixels, inputs="pixel_ce", outputs="reconstruction", mode="!infer"),
        NormalKLDivergence(inputs=("mean", "log_var"), outputs="kl"),
        LambdaOp(fn=keras.ops.add, inputs=("reconstruction", "kl"), outputs="loss", mode="!infer"),
        UpdateOp(model=encoder_model, loss_name="loss"),
        UpdateOp(model=decoder_model, loss_name="loss")])
    traces = [DigitSamples(decoder_model, latent_dim, save_dir),
              BestModelSaver(model=decoder_model, save_dir=save_dir, metric="loss", save_best_mode="min")]
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=log_steps,
                        max_train_steps_per_epoch=max_train_steps_per_epoch,
                        max_eval_steps_per_epoch=max_eval_steps_per_epoch)


if __name__ == "__main__":
    run_script(get_estimator)
