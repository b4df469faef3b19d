"""Train LeNet on MNIST (60000 train / 10000 eval 28x28 digits), with a per-step cosine learning rate.

    kerasfe train apphub/image_classification/mnist/mnist.py --epochs 2 --backend jax
    python apphub/image_classification/mnist/mnist.py --epochs 2 --batch_size 64

The Pipeline adds a channel axis and rescales every image to [0, 1]; the Network runs LeNet, the
cross-entropy and the Adam update; the Traces measure accuracy on the eval data, keep the weights of the
most accurate epoch, and decay the learning rate from 1e-3 along a cosine over the whole run. Half of
MNIST's 10000 test images are held out from eval as the test set.
"""
import math
import tempfile

import kerasfe as fe
from kerasfe.architecture import LeNet
from kerasfe.cli.app import run_script
from kerasfe.dataset.data import mnist
from kerasfe.op.numpyop import ExpandDims, Minmax
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
from kerasfe.schedule import cosine_decay
from kerasfe.trace.adapt import LRScheduler
from kerasfe.trace.io import BestModelSaver
from kerasfe.trace.metric import Accuracy


def get_estimator(epochs=2, batch_size=32, max_train_steps_per_epoch=None, max_eval_steps_per_epoch=None,
                  cache_dir=None, save_dir=None, init_lr=1e-3, log_steps=100):
    """The Pipeline -> Network -> Estimator of this application.

    Args:
        cache_dir: the folder whose `datasets/mnist.npz` holds MNIST (downloaded there once; Keras's
            `~/.keras` by default).
        save_dir: where BestModelSaver keeps the most accurate weights (a new temporary folder by default).
        init_lr: the learning rate at the first step, decayed along a cosine to the last step.
    """
    train, evaluation = mnist.load_data(cache_dir=cache_dir)
    test = evaluation.split(0.5, seed=0)
    pipeline = fe.Pipeline(train_data=train, eval_data=evaluation, test_data=test, batch_size=batch_size,
                           ops=[ExpandDims(inputs="x", outputs="x"), Minmax(inputs="x", outputs="x")])
    model = fe.build(model_fn=lambda: LeNet(input_shape=(28, 28, 1), classes=10), optimizer_fn="adam")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce")])
    total_steps = epochs * min(math.ceil(len(train) / batch_size), max_train_steps_per_epoch or math.inf)
    traces = [Accuracy(true_key="y", pred_key="y_pred"),
              BestModelSaver(model=model, save_dir=save_dir or tempfile.mkdtemp(prefix="mnist_"), metric="accuracy",
                             save_best_mode="max"),
              LRScheduler(model=model, lr_fn=lambda step: cosine_decay(step, cycle_length=total_steps,
                                                                       init_lr=init_lr))]
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=log_steps,
                        max_train_steps_per_epoch=max_train_steps_per_epoch,
                        max_eval_steps_per_epoch=max_eval_steps_per_epoch)


if __name__ == "__main__":
    run_script(get_estimator)
