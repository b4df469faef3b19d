"""ACGAN (auxiliary classifier GAN) on scikit-learn's bundled digits: class-conditional generation, no download.

    python apphub/image_generation/acgan/acgan.py --epochs 40
    kerasfe train apphub/image_generation/acgan/acgan.py --epochs 40 --backend jax

The generator maps a latent vector and a class id to a digit image in [-1, 1]; the discriminator scores an image
as real or generated and also classifies it. Each fake asks for the class of a real sample of the batch. Both
models step their own Adam optimizer in the same step (`kerasfe.architecture.acgan_ops`): the generator on
fooling the discriminator plus its fakes' class loss, the discriminator on telling them apart plus the class loss
of both. Eval and test log the discriminator's auxiliary-classifier accuracy on the real images
("real_accuracy"). After every eval epoch `ClassSamples` generates the same latent vectors for each of the 10
classes; an SVM fitted on the training images (the "pretrained digits classifier") classifies them
("sample_accuracy": the fraction generated as the class asked for) and `ImageSaver` writes the grid (a column
per class) to `save_dir/samples_eval_epoch_<n>.png`.
"""
import tempfile

import keras
import numpy as np
from sklearn.svm import SVC

import kerasfe as fe
from kerasfe.architecture import ACGANDiscriminator, ACGANGenerator, acgan_ops
from kerasfe.cli.app import run_script
from kerasfe.dataset.data import digits
from kerasfe.op.numpyop import Normalize
from kerasfe.op.tensorop import LatentNoise
from kerasfe.trace.io import BestModelSaver, ClassSamples, ImageSaver
from kerasfe.trace.metric import Accuracy

CLASSES = 10


def digits_classifier(train):
    """An SVM fitted on the training images; returns a function of generated images (in [-1, 1]) -> class ids."""
    svm = SVC(gamma="scale").fit(train["x"].reshape(len(train["x"]), -1), train["y"])
    return lambda images: svm.predict((np.asarray(images).reshape(len(images), -1) + 1.0) / 2.0)


def get_estimator(epochs=40, batch_size=64, max_train_steps_per_epoch=None, max_eval_steps_per_epoch=None,
                  image_size=16, latent_dim=64, filters=32, learning_rate=2e-4, per_class=8, seed=0,
                  save_dir=None, log_steps=100):
    """The Pipeline -> Network -> Estimator of this application.

    Args:
        image_size: the digits' side (a multiple of 8 and of 4: 16 doubles the 8x8 images).
        latent_dim: the size of the latent vectors.
        filters: the width of the models' convolutions.
        learning_rate: both Adam optimizers' (beta_1 0.5).
        per_class: the samples of each class that ClassSamples draws and scores after every eval epoch.
        seed: the seed of the latent noise and of ClassSamples' latent vectors.
        save_dir: where the sample grids and the generator with the best sample accuracy go (a new temporary
            folder by default).
    """
    save_dir = save_dir or tempfile.mkdtemp(prefix="acgan_")
    train, evaluation, test = digits.load_data(image_size=image_size)
    pipeline = fe.Pipeline(train_data=train, eval_data=evaluation, test_data=test, batch_size=batch_size,
                           ops=[Normalize(inputs="x", mean=0.5, std=0.5, max_pixel_value=1.0)])
    generator = fe.build(lambda: ACGANGenerator(latent_dim=latent_dim, classes=CLASSES, image_size=image_size,
                                                filters=filters),
                         lambda: keras.optimizers.Adam(learning_rate, beta_1=0.5), model_name="generator")
    discriminator = fe.build(lambda: ACGANDiscriminator(image_size=image_size, classes=CLASSES, filters=filters),
                             lambda: keras.optimizers.Adam(learning_rate, beta_1=0.5), model_name="discriminator")
    network = fe.Network(ops=[LatentNoise(inputs="x", outputs="z", latent_dim=latent_dim, seed=seed)]
                         + acgan_ops(generator, discriminator, real="x", label="y", latent="z"))
    traces = [Accuracy(true_key="y", pred_key="real_class", output_name="real_accuracy"),
              ClassSamples(generator, latent_dim, CLASSES, per_class=per_class, classifier=digits_classifier(train),
                           seed=seed),
              ImageSaver(inputs="samples", save_dir=save_dir, mode="eval"),
              BestModelSaver(model=generator, save_dir=save_dir, metric="sample_accuracy", save_best_mode="max")]
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=log_steps,
                        max_train_steps_per_epoch=max_train_steps_per_epoch,
                        max_eval_steps_per_epoch=max_eval_steps_per_epoch)


if __name__ == "__main__":
    run_script(get_estimator)
