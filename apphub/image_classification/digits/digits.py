"""Train LeNet on scikit-learn's bundled digits (enlarged to 28x28, like MNIST): no download needed.

    python apphub/image_classification/digits/digits.py                 # default backend (TensorFlow)
    KERAS_BACKEND=jax python apphub/image_classification/digits/digits.py --epochs 5 --engine tf.data
    kerasfe train apphub/image_classification/digits/digits.py --epochs 2 --backend torch

The images go through NumpyOps in the Pipeline: in training they are padded to 32x32 and randomly
cropped back to 28x28 (shifts of up to 2 pixels), then every mode rescales them to [0, 1].
"""
import tempfile

import kerasfe as fe
from kerasfe.architecture import LeNet
from kerasfe.cli.app import run_script
from kerasfe.dataset.data import digits
from kerasfe.op.numpyop import Minmax, PadIfNeeded, RandomCrop
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
from kerasfe.trace.io import BestModelSaver
from kerasfe.trace.metric import Accuracy


def get_estimator(epochs=8, batch_size=32, max_train_steps_per_epoch=None, max_eval_steps_per_epoch=None,
                  engine="grain", save_dir=None, log_steps=100):
    """The Pipeline -> Network -> Estimator of this application.

    Args:
        engine: the Pipeline's engine, "grain" or "tf.data".
        save_dir: where BestModelSaver keeps the most accurate weights (a new temporary folder by default).
    """
    train, evaluation, test = digits.load_data(image_size=28)
    pipeline = fe.Pipeline(train_data=train, eval_data=evaluation, test_data=test, batch_size=batch_size,
                           engine=engine,
                           ops=[PadIfNeeded(min_height=32, min_width=32, image_in="x", mode="train"),
                                RandomCrop(28, 28, image_in="x", mode="train"),
                                Minmax(inputs="x", outputs="x")])
    model = fe.build(model_fn=lambda: LeNet(input_shape=(28, 28, 1), classes=10), optimizer_fn="adam")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce")])
    traces = [Accuracy(true_key="y", pred_key="y_pred"),
              BestModelSaver(model=model, save_dir=save_dir or tempfile.mkdtemp(prefix="digits_"), metric="accuracy",
                             save_best_mode="max")]
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=log_steps,
                        max_train_steps_per_epoch=max_train_steps_per_epoch,
                        max_eval_steps_per_epoch=max_eval_steps_per_epoch)


if __name__ == "__main__":
    run_script(get_estimator)
