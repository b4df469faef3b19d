"""UNet segmentation of image / mask pairs listed in a CSV file (e.g. lungs in chest X-rays).

    kerasfe train apphub/semantic_segmentation/unet/unet.py --csv_path data/montgomery/masks.csv --epochs 25
    python apphub/semantic_segmentation/unet/unet.py --csv_path data/montgomery/masks.csv

The CSV has a header row and the columns `image` and `mask`: paths relative to the CSV's folder. Masks
are single-channel images, foreground above 127 (e.g. 0 / 255). The rows are split at random (fixed
seed) into train / eval / test. The Pipeline reads both files, resizes image and mask together
(nearest-neighbour for the mask), flips half of the training pairs left-right, scales the image to
[0, 1] and binarizes the mask. The UNet's sigmoid output is trained on the soft Dice loss; eval and test
report the Dice score of the thresholded masks, and the weights of the best eval Dice are kept.
"""
import os
import tempfile

import keras

import kerasfe as fe
from kerasfe.architecture import UNet
from kerasfe.cli.app import run_script
from kerasfe.dataset import CSVDataset
from kerasfe.errors import ConfigError
from kerasfe.op.numpyop import Binarize, ExpandDims, HorizontalFlip, Minmax, ReadImage, Resize, Sometimes
from kerasfe.op.tensorop import Dice, ModelOp, UpdateOp
from kerasfe.trace.io import BestModelSaver
from kerasfe.trace.metric import Dice as DiceScore


def get_estimator(csv_path=None, epochs=25, batch_size=8, max_train_steps_per_epoch=None,
                  max_eval_steps_per_epoch=None, image_size=256, color=False, filters=16, depth=4,
                  learning_rate=1e-3, eval_fraction=0.15, test_fraction=0.15, seed=0, save_dir=None, log_steps=20):
    """The Pipeline -> Network -> Estimator of this application.

    Args:
        csv_path: the CSV of image and mask paths (see the module docstring).
        image_size: images and masks are resized to image_size x image_size (a multiple of 2**depth).
        color: read the images as RGB (True) or gray (False).
        filters, depth: the UNet's first width and number of down-sampling stages.
        eval_fraction, test_fraction, seed: how the rows are split.
        save_dir: the weights of the best eval Dice go here (default: a new temporary folder).
    """
    if csv_path is None:
        raise ConfigError("unet: give csv_path, a CSV of image and mask paths (columns 'image' and 'mask'); "
                          "see apphub/semantic_segmentation/unet/README.md")
    train = CSVDataset(csv_path)
    missing = {"image", "mask"} - set(train[0])
    if missing:
        raise ConfigError(f"unet: '{csv_path}' has no column(s) {sorted(missing)}; it has {sorted(train[0])}")
    evaluation, test = train.split(eval_fraction, test_fraction, seed=seed)
    folder = os.path.dirname(os.path.abspath(csv_path))
    ops = [ReadImage(inputs="image", parent_path=folder, color_flag="color" if color else "gray"),
           ReadImage(inputs="mask", parent_path=folder, color_flag="gray"),
           Resize(image_size, image_size, image_in="image", mask_in="mask"),
           Sometimes(HorizontalFlip(image_in="image", mask_in="mask", mode="train")),
           Minmax(inputs="image"),
           Binarize(threshold=127, inputs="mask"),
           ExpandDims(inputs="mask")]
    if not color:
        ops.append(ExpandDims(inputs="image"))
    pipeline = fe.Pipeline(train_data=train, eval_data=evaluation, test_data=test, batch_size=batch_size, ops=ops)
    model = fe.build(lambda: UNet(input_shape=(image_size, image_size, 3 if color else 1), classes=1,
                                  filters=filters, depth=depth),
                     optimizer_fn=lambda: keras.optimizers.Adam(learning_rate), model_name="unet")
    network = fe.Network(ops=[ModelOp(model=model, inputs="image", outputs="mask_pred"),
                              Dice(inputs=("mask_pred", "mask"), outputs="dice_loss"),
                              UpdateOp(model=model, loss_name="dice_loss")])
    traces = [DiceScore(true_key="mask", pred_key="mask_pred", output_name="dice"),
              BestModelSaver(model=model, save_dir=save_dir or tempfile.mkdtemp(prefix="unet_"), metric="dice",
                             save_best_mode="max")]
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=log_steps,
                        max_train_steps_per_epoch=max_train_steps_per_epoch,
                        max_eval_steps_per_epoch=max_eval_steps_per_epoch)


if __name__ == "__main__":
    run_script(get_estimator)
