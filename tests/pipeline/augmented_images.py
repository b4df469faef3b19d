"""Images, an augmenting op chain and its batches, shared by the pipeline and engine tests."""
import numpy as np

import kerasfe as fe
from kerasfe.op.numpyop import CoarseDropout, HorizontalFlip, Normalize, PadIfNeeded, RandomCrop, Sometimes

IMAGES = {"x": np.random.default_rng(0).integers(0, 255, (40, 8, 8, 3)).astype("uint8"), "y": np.arange(40)}


def augment_ops():
    """Pad, crop, maybe flip and drop out in train mode; normalize in every mode."""
    return [PadIfNeeded(min_height=10, min_width=10, image_in="x", mode="train"),
            RandomCrop(8, 8, image_in="x", mode="train"), Sometimes(HorizontalFlip(image_in="x", mode="train")),
            CoarseDropout(inputs="x", mode="train"), Normalize(inputs="x", outputs="x", mean=0.5, std=0.25)]


def batches(engine, num_process=2, seed=3, epoch=1):
    """The first three train batches of 16 of IMAGES through augment_ops on `engine`."""
    pipeline = fe.Pipeline(train_data=IMAGES, batch_size=16, ops=augment_ops(), engine=engine,
                           num_process=num_process, seed=seed)
    return pipeline.get_results("train", num_steps=3, epoch=epoch)
