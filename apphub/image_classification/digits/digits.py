"""Train LeNet on scikit-learn's bundled digits (enlarged to 28x28, like MNIST): no download needed.

    python apphub/image_classification/digits/digits.py                 # default backend (TensorFlow)
    KERAS_BACKEND=jax python apphub/image_classification/digits/digits.py --epochs 5
"""
import argparse

import numpy as np

import kerasfe as fe
from kerasfe.architecture import LeNet
from kerasfe.dataset.data import digits
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
from kerasfe.trace.io import BestModelSaver
from kerasfe.trace.metric import Accuracy


def get_estimator(epochs=8, batch_size=32, max_train_steps_per_epoch=None, max_eval_steps_per_epoch=None,
                  save_dir=None, log_steps=100):
    """The Pipeline -> Network -> Estimator of this application."""
    train, evaluation, test = digits.load_data(image_size=28)
    pipeline = fe.Pipeline(train_data=train, eval_data=evaluation, test_data=test, batch_size=batch_size)
    model = fe.build(model_fn=lambda: LeNet(input_shape=(28, 28, 1), classes=10), optimizer_fn="adam")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce")])
    traces = [Accuracy(true_key="y", pred_key="y_pred")]
    if save_dir is not None:
        traces.append(BestModelSaver(model=model, save_dir=save_dir, metric="accuracy", save_best_mode="max"))
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=log_steps,
                        max_train_steps_per_epoch=max_train_steps_per_epoch,
                        max_eval_steps_per_epoch=max_eval_steps_per_epoch)


def test_accuracy(estimator):
    """The fraction of test images the trained network labels correctly."""
    test = estimator.pipeline.data["test"]
    predicted = estimator.network.predict({"x": test["x"]}, batch_size=256, verbose=0)["y_pred"]
    return float(np.mean(np.argmax(predicted, axis=-1) == test["y"]))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--batch_size", type=int, default=32)
    parser.add_argument("--save_dir", default=None, help="keep the weights of the most accurate epoch here")
    args = parser.parse_args()
    estimator = get_estimator(epochs=args.epochs, batch_size=args.batch_size, save_dir=args.save_dir)
    estimator.fit("digits")
    estimator.test()


if __name__ == "__main__":
    main()
