"""DCGAN on MNIST: a generator learns to draw handwritten digits from normal noise, against a discriminator.

    python apphub/image_generation/dcgan/dcgan.py --epochs 20
    kerasfe train apphub/image_generation/dcgan/dcgan.py --epochs 20 --backend jax

MNIST (mnist.npz) is read from `<cache_dir>/datasets` (default ~/.keras/datasets) and downloaded there
when missing. The Pipeline scales the images to [-1, 1] (the generator's tanh range); in the Network a
TensorOp draws the latent vectors on the device, then the two models train with their own optimizers
and the binary cross-entropy GAN losses (`kerasfe.architecture.dcgan_ops`). Every epoch the generator's
weights are saved and a few generated digits are written as PNG files.
"""
import tempfile

import keras

import kerasfe as fe
from kerasfe.architecture import DCGANDiscriminator, DCGANGenerator, dcgan_ops
from kerasfe.cli.app import run_script
from kerasfe.dataset.data import mnist
from kerasfe.op.numpyop import ExpandDims, Normalize
from kerasfe.op.tensorop import LatentNoise
from kerasfe.trace.io import ImageSaver, ModelSaver


def get_estimator(epochs=20, batch_size=256, max_train_steps_per_epoch=None, max_eval_steps_per_epoch=None,
                  cache_dir=None, latent_dim=100, learning_rate=1e-4, save_dir=None, log_steps=100):
    """The Pipeline -> Network -> Estimator of this application. Weights and images go to `save_dir`
    (default: a new temporary folder)."""
    save_dir = save_dir or tempfile.mkdtemp(prefix="dcgan_")
    train, evaluation = mnist.load_data(cache_dir=cache_dir)
    pipeline = fe.Pipeline(train_data=train, eval_data=evaluation, batch_size=batch_size,
                           ops=[ExpandDims(inputs="x"),
                                Normalize(inputs="x", mean=1.0, std=1.0, max_pixel_value=127.5)])
    generator = fe.build(lambda: DCGANGenerator(latent_dim=latent_dim),
                         lambda: keras.optimizers.Adam(learning_rate), model_name="generator")
    discriminator = fe.build(DCGANDiscriminator, lambda: keras.optimizers.Adam(learning_rate),
                             model_name="discriminator")
    network = fe.Network(ops=[LatentNoise(inputs="x", outputs="z", latent_dim=latent_dim)]
                         + dcgan_ops(generator, discriminator, real="x", latent="z"))
    traces = [ModelSaver(model=generator, save_dir=save_dir, max_to_keep=2),
              ImageSaver(inputs="fake", save_dir=save_dir, max_images=4)]
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=log_steps,
                        max_train_steps_per_epoch=max_train_steps_per_epoch,
                        max_eval_steps_per_epoch=max_eval_steps_per_epoch)


if __name__ == "__main__":
    run_script(get_estimator)
