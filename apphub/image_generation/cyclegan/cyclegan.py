"""CycleGAN: translate images between two domains (horses <-> zebras) learnt from unpaired examples.

    kerasfe train apphub/image_generation/cyclegan/cyclegan.py --data_dir data/horse2zebra --epochs 50
    python apphub/image_generation/cyclegan/cyclegan.py --data_dir data/horse2zebra --image_size 128

`data_dir` holds the horse2zebra layout: trainA/ and trainB/ (the two domains' training images), testA/
and testB/ (eval and test both read these). Each sample pairs an A image with a B image drawn at random
(fixed seed): the domains are unpaired. The Pipeline reads both, resizes them to 1.125 x `image_size`,
crops `image_size` at random and flips half of them in training (eval: resize only), then scales them
to [-1, 1].

Four models: generators g_ab (A -> B), g_ba (B -> A) and PatchGAN discriminators d_a, d_b, each with its
own Adam(2e-4, beta_1=0.5) and UpdateOp. Generator loss: least-squares adversarial loss + `cycle_weight`
x (L1 of A -> B -> A and of B -> A -> B) + `identity_weight` x L1 of the generator applied to its own
target domain; discriminator loss: half the least-squares loss of real (1) and generated (0) images.
"""
import os
import tempfile

import keras
import numpy as np

import kerasfe as fe
from kerasfe.architecture import CycleGANGenerator, PatchGANDiscriminator
from kerasfe.cli.app import run_script
from kerasfe.dataset import DirDataset, NumpyDataset
from kerasfe.errors import ConfigError
from kerasfe.op.numpyop import HorizontalFlip, Normalize, RandomCrop, ReadImage, Resize, Sometimes
from kerasfe.op.tensorop import L1_Loss, LambdaOp, MeanSquaredError, ModelOp, UpdateOp
from kerasfe.trace.io import ImageSaver, ModelSaver

DOMAINS = ("a", "b")


def unpaired(folder_a, folder_b, seed=0):
    """Samples {"a": path, "b": path}, one per image of the larger folder; the other folder's images
    are shuffled (with `seed`) and repeated to match."""
    paths = [np.array([str(sample["path"]) for sample in DirDataset(folder, data_key="path")])
             for folder in (folder_a, folder_b)]
    count = max(len(p) for p in paths)
    rng = np.random.default_rng(seed)
    matched = [p if len(p) == count else np.resize(rng.permutation(p), count) for p in paths]
    return NumpyDataset(dict(zip(DOMAINS, matched)))


def get_estimator(data_dir=None, epochs=50, batch_size=1, max_train_steps_per_epoch=None,
                  max_eval_steps_per_epoch=None, image_size=256, filters=64, num_residual_blocks=9,
                  discriminator_layers=3, cycle_weight=10.0, identity_weight=5.0, learning_rate=2e-4,
                  save_dir=None, log_steps=100):
    """The Pipeline -> Network -> Estimator of this application (generator weights and sample
    translations go to `save_dir`, default a new temporary folder)."""
    if data_dir is None:
        raise ConfigError("cyclegan: give data_dir, a folder with trainA, trainB, testA and testB; "
                                    "see apphub/image_generation/cyclegan/README.md")
    save_dir = save_dir or tempfile.mkdtemp(prefix="cyclegan_")
    train = unpaired(os.path.join(data_dir, "trainA"), os.path.join(data_dir, "trainB"))
    test = unpaired(os.path.join(data_dir, "testA"), os.path.join(data_dir, "testB"))
    load_size = int(round(image_size * 1.125))
    ops = [ReadImage(inputs=DOMAINS, color_flag="color"),
           Resize(load_size, load_size, image_in="a", mode="train"),
           Resize(load_size, load_size, image_in="b", mode="train"),
           RandomCrop(image_size, image_size, image_in="a", mode="train"),
           RandomCrop(image_size, image_size, image_in="b", mode="train"),
           Sometimes(HorizontalFlip(image_in="a", mode="train")),
           Sometimes(HorizontalFlip(image_in="b", mode="train")),
           Resize(image_size, image_size, image_in="a", mode="!train"),
           Resize(image_size, image_size, image_in="b", mode="!train"),
           Normalize(inputs=DOMAINS, outputs=DOMAINS, mean=1.0, std=1.0, max_pixel_value=127.5)]
    pipeline = fe.Pipeline(train_data=train, eval_data=test, test_data=test, batch_size=batch_size, ops=ops)
    shape = (image_size, image_size, 3)
    optimizer = lambda: keras.optimizers.Adam(learning_rate, beta_1=0.5)  # noqa: E731
    g_ab, g_ba = (fe.build(lambda: CycleGANGenerator(shape, filters, num_residual_blocks), optimizer,
                           model_name=name) for name in ("g_ab", "g_ba"))
    d_a, d_b = (fe.build(lambda: PatchGANDiscriminator(shape, filters, discriminator_layers), optimizer,
                         model_name=name) for name in ("d_a", "d_b"))
    def generator_loss(adversarial, cycle_a, cycle_b, identity):
        return adversarial + cycle_weight * (cycle_a + cycle_b) + identity_weight * identity

    def half_sum(real, generated):
        return 0.5 * (real + generated)

    network = fe.Network(ops=[
        ModelOp(g_ab, "a", "fake_b"), ModelOp(g_ba, "b", "fake_a"),
        ModelOp(g_ba, "fake_b", "cycled_a", mode="!infer"), ModelOp(g_ab, "fake_a", "cycled_b", mode="!infer"),
        ModelOp(g_ab, "b", "same_b", mode="!infer"), ModelOp(g_ba, "a", "same_a", mode="!infer"),
        ModelOp(d_a, "a", "score_a", mode="!infer"), ModelOp(d_b, "b", "score_b", mode="!infer"),
        ModelOp(d_a, "fake_a", "score_fake_a", mode="!infer"), ModelOp(d_b, "fake_b", "score_fake_b", mode="!infer"),
        LambdaOp(fn=keras.ops.ones_like, inputs="score_a", outputs="real", mode="!infer"),
        LambdaOp(fn=keras.ops.zeros_like, inputs="score_a", outputs="generated", mode="!infer"),
        L1_Loss(("cycled_a", "a"), "cycle_a"), L1_Loss(("cycled_b", "b"), "cycle_b"),
        L1_Loss(("same_a", "a"), "identity_a"), L1_Loss(("same_b", "b"), "identity_b"),
        MeanSquaredError(("score_fake_b", "real"), "adversarial_ab"),
        MeanSquaredError(("score_fake_a", "real"), "adversarial_ba"),
        MeanSquaredError(("score_a", "real"), "d_a_real"), MeanSquaredError(("score_fake_a", "generated"), "d_a_fake"),
        MeanSquaredError(("score_b", "real"), "d_b_real"), MeanSquaredError(("score_fake_b", "generated"), "d_b_fake"),
        LambdaOp(fn=generator_loss, inputs=("adversarial_ab", "cycle_a", "cycle_b", "identity_b"),
                 outputs="g_ab_loss", mode="!infer"),
        LambdaOp(fn=generator_loss, inputs=("adversarial_ba", "cycle_a", "cycle_b", "identity_a"),
                 outputs="g_ba_loss", mode="!infer"),
        LambdaOp(fn=half_sum, inputs=("d_a_real", "d_a_fake"), outputs="d_a_loss", mode="!infer"),
        LambdaOp(fn=half_sum, inputs=("d_b_real", "d_b_fake"), outputs="d_b_loss", mode="!infer"),
        UpdateOp(g_ab, "g_ab_loss"), UpdateOp(g_ba, "g_ba_loss"), UpdateOp(d_a, "d_a_loss"), UpdateOp(d_b, "d_b_loss")])
    traces = [ModelSaver(model=g_ab, save_dir=save_dir, max_to_keep=1),
              ModelSaver(model=g_ba, save_dir=save_dir, max_to_keep=1),
              ImageSaver(inputs=["a", "fake_b", "b", "fake_a"], save_dir=save_dir, max_images=2)]
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=log_steps,
                        max_train_steps_per_epoch=max_train_steps_per_epoch,
                        max_eval_steps_per_epoch=max_eval_steps_per_epoch)


if __name__ == "__main__":
    run_script(get_estimator)
