"""Train a WideResidualNetwork on CIFAR-10 in mixed precision, with a one-cycle learning rate.

    kerasfe train apphub/image_classification/wrn/wrn.py --epochs 30 --backend jax
    python apphub/image_classification/wrn/wrn.py --epochs 2 --depth 10 --widen_factor 2

The Pipeline normalizes every image with CIFAR-10's channel statistics; in training it pads to 40x40,
crops back to 32x32 at random, flips half of the images and cuts out one 16x16 hole (cutout). The Network
runs WRN-`depth`-`widen_factor` under Keras's `mixed_float16` policy (`fe.build(..., mixed_precision=True)`:
float16 computation, float32 weights, a loss-scaled optimizer). The model gives logits, and the cross-entropy
is computed from them in float32 (a float16 softmax would round small probabilities to 0). A Nesterov SGD
step follows, its rate a one-cycle schedule over all steps of the run (peak `max_lr`). Half of the 10000 test
images are held out from eval as the test set.
"""
import math
import tempfile

import keras

import kerasfe as fe
from kerasfe.architecture import WideResidualNetwork
from kerasfe.cli.app import run_script
from kerasfe.dataset.data import cifar10
from kerasfe.op.numpyop import CoarseDropout, HorizontalFlip, Normalize, PadIfNeeded, RandomCrop, Sometimes
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
from kerasfe.schedule import one_cycle
from kerasfe.trace.adapt import LRScheduler
from kerasfe.trace.io import BestModelSaver
from kerasfe.trace.metric import Accuracy

MEAN, STD = (0.4914, 0.4822, 0.4465), (0.2471, 0.2435, 0.2616)


def get_estimator(epochs=30, batch_size=128, max_train_steps_per_epoch=None, max_eval_steps_per_epoch=None,
                  cache_dir=None, save_dir=None, depth=28, widen_factor=10, dropout=0.0, max_lr=0.1,
                  mixed_precision=True, log_steps=100):
    """The Pipeline -> Network -> Estimator of this application.

    Args:
        cache_dir: the folder whose `datasets/cifar-10-python-target_archive` (the `cifar-10-python.tar.gz`
            archive) holds CIFAR-10 (downloaded there once; Keras's `~/.keras` by default).
        save_dir: where BestModelSaver keeps the most accurate weights (a new temporary folder by default).
        depth: the network's depth, 6N + 4 (28 in WRN-28-10; 10 or 16 for quick runs).
        widen_factor: its width multiplier (10 in WRN-28-10).
        dropout: the dropout rate inside each residual block.
        max_lr: the peak of the one-cycle learning rate, for a batch of 128 (scaled with the batch size).
        mixed_precision: train under Keras's `mixed_float16` policy (False: float32).
    """
    train, evaluation = cifar10.load_data(cache_dir=cache_dir)
    test = evaluation.split(0.5, seed=0)
    pipeline = fe.Pipeline(
        train_data=train, eval_data=evaluation, test_data=test, batch_size=batch_size,
        ops=[Normalize(inputs="x", outputs="x", mean=MEAN, std=STD),
             PadIfNeeded(min_height=40, min_width=40, image_in="x", image_out="x", mode="train"),
             RandomCrop(32, 32, image_in="x", image_out="x", mode="train"),
             Sometimes(HorizontalFlip(image_in="x", image_out="x", mode="train")),
             CoarseDropout(inputs="x", outputs="x", mode="train", hole_height_range=(16, 16),
                           hole_width_range=(16, 16))])
    model = fe.build(model_fn=lambda: WideResidualNetwork((32, 32, 3), depth=depth, widen_factor=widen_factor,
                                                          dropout=dropout, classes=10, activation=None,
                                                          name=f"wrn_{depth}_{widen_factor}"),
                     optimizer_fn=lambda: keras.optimizers.SGD(momentum=0.9, nesterov=True, weight_decay=5e-4),
                     mixed_precision=mixed_precision)
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce", from_logits=True),
                              UpdateOp(model=model, loss_name="ce")])
    total_steps = epochs * min(math.ceil(len(train) / batch_size), max_train_steps_per_epoch or math.inf)
    peak = max_lr * batch_size / 128
    traces = [Accuracy(true_key="y", pred_key="y_pred"),
              BestModelSaver(model=model, save_dir=save_dir or tempfile.mkdtemp(prefix="wrn_"), metric="accuracy",
                             save_best_mode="max"),
              LRScheduler(model=model, lr_fn=lambda step: one_cycle(step, total_steps=total_steps, max_lr=peak,
                                                                    pct_start=0.3))]
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=log_steps,
                        max_train_steps_per_epoch=max_train_steps_per_epoch,
                        max_eval_steps_per_epoch=max_eval_steps_per_epoch)


if __name__ == "__main__":
    run_script(get_estimator)
