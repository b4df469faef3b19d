"""Error-correcting output codes with a hinge loss: the network predicts the Hadamard code word of the class.

    python apphub/adversarial_training/ecc_hinge/ecc_hinge.py
    kerasfe train apphub/adversarial_training/ecc_hinge/ecc_hinge.py --epochs 10 --backend torch

FastEstimator's `ecc_hinge` application: the Pipeline turns each label into its Hadamard code word (`Hadamard`
NumpyOp, values -1/1), the model's tanh heads predict the code, a `Hinge` loss trains it, and `UnHadamard` turns
predicted codes back into class probabilities for the accuracy. Eval and test attack the model with FGSM on the
hinge loss and report the clean ("base_accuracy") and adversarial accuracy. Data: scikit-learn's bundled digits,
enlarged to 28x28 (no download).
"""
import tempfile

import keras

import kerasfe as fe
from kerasfe.cli.app import run_script
from kerasfe.dataset.data import digits
from kerasfe.op.numpyop.univariate import Hadamard
from kerasfe.op.tensorop import FGSM, Hinge, ModelOp, UnHadamard, UpdateOp, Watch
from kerasfe.trace.io import BestModelSaver
from kerasfe.trace.metric import Accuracy

ATTACKED = ("eval", "test")


def code_lenet(input_shape=(28, 28, 1), code_length=16, filters=32, head_units=16):
    """LeNet's convolutions (elu), then `code_length // 4` heads, each predicting 4 code entries in [-1, 1]."""
    inputs = keras.Input(input_shape)
    x = inputs
    for index, width in enumerate((filters, 2 * filters, 2 * filters)):
        x = keras.layers.Conv2D(width, 3, activation="elu")(x)
        x = keras.layers.MaxPooling2D(2)(x) if index < 2 else keras.layers.Flatten()(x)
    heads = [keras.layers.Dense(4, activation="tanh")(keras.layers.Dense(head_units, activation="elu")(x))
             for _ in range(code_length // 4)]
    return keras.Model(inputs, keras.layers.Concatenate()(heads), name="code_lenet")


def get_estimator(epochs=10, batch_size=32, epsilon=0.04, code_length=16, filters=32, head_units=16,
                  max_train_steps_per_epoch=None, max_eval_steps_per_epoch=None, save_dir=None, log_steps=100):
    """The Pipeline -> Network -> Estimator of this application; the weights with the lowest clean hinge loss go
    to `save_dir` (default: a new temporary folder) and are loaded at the end."""
    train, evaluation, test = digits.load_data(image_size=28)
    pipeline = fe.Pipeline(train_data=train, eval_data=evaluation, test_data=test, batch_size=batch_size,
                           ops=[Hadamard(inputs="y", outputs="y_code", n_classes=10, code_length=code_length)])
    model = fe.build(model_fn=lambda: code_lenet(code_length=code_length, filters=filters, head_units=head_units),
                     optimizer_fn="adam", model_name="code_lenet")
    network = fe.Network(ops=[
        Watch(inputs="x", mode=ATTACKED),
        ModelOp(model=model, inputs="x", outputs="y_pred_code"),
        Hinge(inputs=("y_pred_code", "y_code"), outputs="base_hinge"),
        UpdateOp(model=model, loss_name="base_hinge"),
        UnHadamard(inputs="y_pred_code", outputs="y_pred", n_classes=10, code_length=code_length, mode=ATTACKED),
        FGSM(data="x", loss="base_hinge", outputs="x_adverse", epsilon=epsilon, clip_low=0.0, clip_high=1.0,
             mode=ATTACKED),
        ModelOp(model=model, inputs="x_adverse", outputs="y_pred_adv_code", mode=ATTACKED),
        Hinge(inputs=("y_pred_adv_code", "y_code"), outputs="adv_hinge", mode=ATTACKED),
        UnHadamard(inputs="y_pred_adv_code", outputs="y_pred_adv", n_classes=10, code_length=code_length,
                   mode=ATTACKED)])
    traces = [Accuracy(true_key="y", pred_key="y_pred", output_name="base_accuracy"),
              Accuracy(true_key="y", pred_key="y_pred_adv", output_name="adversarial_accuracy"),
              BestModelSaver(model=model, save_dir=save_dir or tempfile.mkdtemp(prefix="ecc_hinge_"),
                             metric="base_hinge", save_best_mode="min", load_best_final=True)]
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=log_steps,
                        max_train_steps_per_epoch=max_train_steps_per_epoch,
                        max_eval_steps_per_epoch=max_eval_steps_per_epoch, monitor_names=["adv_hinge"])


if __name__ == "__main__":
    run_script(get_estimator)
