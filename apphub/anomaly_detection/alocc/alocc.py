"""ALOCC one-class anomaly detection on scikit-learn's bundled digits: no download needed.

    python apphub/anomaly_detection/alocc/alocc.py --epochs 40
    kerasfe train apphub/anomaly_detection/alocc/alocc.py --epochs 40 --normal_digit 1 --backend jax

FastEstimator's ALOCC application (after Sabokrou et al., *Adversarially Learned One-Class Classifier for Novelty
Detection*, CVPR 2018): a reconstructor (a convolutional autoencoder) and a discriminator are trained, each with
its own RMSprop optimizer, on images of one "normal" digit only. During training a `keras.layers.GaussianNoise`
(run by a `LayerOp`, so only on training batches) corrupts the reconstructor's input; the reconstructor learns to
denoise it into an image the discriminator takes for real (`dcgan_ops`' generator loss plus `alpha` times the
pixel cross-entropy against the clean image), while the discriminator learns to tell real normal images from
reconstructions. Eval and test use every digit: the label "normal" is 1 for the normal digit and 0 for the
anomalies, and two `AUCScore`s rank the images by the discriminator's logit for the reconstruction ("auc") and by
the negative reconstruction error ("recon_auc").
"""
import tempfile

import keras

import kerasfe as fe
from kerasfe.architecture import dcgan_ops
from kerasfe.cli.app import run_script
from kerasfe.dataset.data import digits
from kerasfe.errors import ConfigError
from kerasfe.op.tensorop import CrossEntropy, LambdaOp, LayerOp, UpdateOp
from kerasfe.trace.io import BestModelSaver
from kerasfe.trace.metric import AUCScore


def reconstructor(image_size, filters):
    """Image -> image in [0, 1]: three strided convs down to image_size / 8, three strided transposed convs up."""
    image = keras.Input((image_size, image_size, 1))
    features = image
    for width in (filters, 2 * filters, 4 * filters):
        features = keras.layers.Conv2D(width, 5, strides=2, padding="same")(features)
        features = keras.layers.LeakyReLU(0.2)(keras.layers.BatchNormalization()(features))
    for width in (2 * filters, filters):
        features = keras.layers.Conv2DTranspose(width, 5, strides=2, padding="same")(features)
        features = keras.layers.ReLU()(keras.layers.BatchNormalization()(features))
    output = keras.layers.Conv2DTranspose(1, 5, strides=2, padding="same", activation="sigmoid")(features)
    return keras.Model(image, output, name="reconstructor")


def discriminator(image_size, filters):
    """Image -> one logit (real normal image vs reconstruction): three strided convs and a dense layer."""
    image = keras.Input((image_size, image_size, 1))
    features = image
    for width in (filters, 2 * filters, 4 * filters):
        features = keras.layers.Conv2D(width, 5, strides=2, padding="same")(features)
        features = keras.layers.LeakyReLU(0.2)(keras.layers.BatchNormalization()(features))
    return keras.Model(image, keras.layers.Dense(1)(keras.layers.Flatten()(features)), name="discriminator")


def negative_reconstruction_error(fake, x):
    """Per-image normality score: minus the mean squared error of the reconstruction."""
    return -keras.ops.mean(keras.ops.square(fake - x), axis=(1, 2, 3))


def one_class_split(train, evaluation, test, normal_digit):
    """The training images of `normal_digit` only; eval and test keep every digit with a "normal" label (1 for
    `normal_digit`, 0 for the anomalies)."""
    if normal_digit not in range(10):
        raise ConfigError(f"alocc: normal_digit must be a digit 0-9; got {normal_digit!r}")
    rows = train["y"] == normal_digit
    return ({"x": train["x"][rows], "y": train["y"][rows]},
            *({**part, "normal": (part["y"] == normal_digit).astype("int64")} for part in (evaluation, test)))


def get_estimator(epochs=40, batch_size=32, max_train_steps_per_epoch=None, max_eval_steps_per_epoch=None,
                  normal_digit=1, image_size=16, filters=16, noise_std=0.1, alpha=0.2, seed=0, save_dir=None,
                  log_steps=100):
    """The Pipeline -> Network -> Estimator of this application.

    Args:
        normal_digit: the one class trained on; the other nine are the anomalies of eval and test.
        image_size: the digits' side (a multiple of 8: 16 doubles the 8x8 images).
        filters: the width of the first conv of both models.
        noise_std: the standard deviation of the Gaussian noise on the reconstructor's training input (pixels
            are in [0, 1]).
        alpha: the weight of the reconstruction cross-entropy in the reconstructor's loss.
        seed: the seed of the noise.
        save_dir: where the reconstructor's weights with the best eval "recon_auc" (which only they decide) and
            the discriminator's with the best eval "auc" go (a new temporary folder by default).
    """
    if image_size % 8:
        raise ConfigError(f"alocc: image_size must be a multiple of 8 (three strided convs); got {image_size}")
    train, evaluation, test = one_class_split(*digits.load_data(image_size=image_size), normal_digit)
    pipeline = fe.Pipeline(train_data=train, eval_data=evaluation, test_data=test, batch_size=batch_size)
    recon_model = fe.build(lambda: reconstructor(image_size, filters), lambda: keras.optimizers.RMSprop(2e-4),
                           model_name="reconstructor")
    disc_model = fe.build(lambda: discriminator(image_size, filters), lambda: keras.optimizers.RMSprop(1e-4),
                          model_name="discriminator")
    network = fe.Network(ops=[
        LayerOp(keras.layers.GaussianNoise(noise_std, seed=seed), inputs="x", outputs="x_noisy"),
        *dcgan_ops(recon_model, disc_model, real="x", latent="x_noisy", update_generator=False),
        CrossEntropy(inputs=("fake", "x"), outputs="recon_loss"),
        LambdaOp(fn=lambda g_loss, recon_loss: g_loss + alpha * recon_loss, inputs=("g_loss", "recon_loss"),
                 outputs="r_loss", mode="!infer"),
        UpdateOp(model=recon_model, loss_name="r_loss"),
        LambdaOp(fn=negative_reconstruction_error, inputs=("fake", "x"), outputs="recon_score")])
    save_dir = save_dir or tempfile.mkdtemp(prefix="alocc_")
    traces = [AUCScore(true_key="normal", pred_key="fake_score", output_name="auc"),
              AUCScore(true_key="normal", pred_key="recon_score", output_name="recon_auc"),
              BestModelSaver(model=recon_model, save_dir=save_dir, metric="recon_auc", save_best_mode="max"),
              BestModelSaver(model=disc_model, save_dir=save_dir, metric="auc", save_best_mode="max")]
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=log_steps,
                        max_train_steps_per_epoch=max_train_steps_per_epoch,
                        max_eval_steps_per_epoch=max_eval_steps_per_epoch)


if __name__ == "__main__":
    run_script(get_estimator)
