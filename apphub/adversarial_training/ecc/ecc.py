"""Error-correcting output codes against adversarial attacks: a LeNet whose heads end in a Hadamard code layer.

    python apphub/adversarial_training/ecc/ecc.py
    kerasfe train apphub/adversarial_training/ecc/ecc.py --epochs 10 --backend jax

FastEstimator's `ecc` application (after https://papers.nips.cc/paper/9070): instead of one softmax, several small
heads feed `kerasfe.layers.HadamardCode`, which compares their joined outputs with each class's Hadamard code word
and turns the distances into probabilities. The model trains on clean images only; eval and test also attack it
with FGSM against the current weights and report the clean ("base_accuracy") and the adversarial accuracy. Data:
scikit-learn's bundled digits, enlarged to 28x28 (no download).
"""
import tempfile

import keras

import kerasfe as fe
from kerasfe.cli.app import run_script
from kerasfe.dataset.data import digits
from kerasfe.layers import HadamardCode
from kerasfe.op.tensorop import FGSM, Average, CrossEntropy, ModelOp, UpdateOp, Watch
from kerasfe.trace.io import BestModelSaver
from kerasfe.trace.metric import Accuracy

ATTACKED = ("eval", "test")


def ecc_lenet(input_shape=(28, 28, 1), classes=10, code_length=16, filters=32, head_units=16):
    """LeNet's convolutions, then `code_length // 4` Dense heads joined by a HadamardCode layer."""
    inputs = keras.Input(input_shape)
    x = keras.layers.Conv2D(filters, 3, activation="relu")(inputs)
    x = keras.layers.MaxPooling2D(2)(x)
    x = keras.layers.Conv2D(2 * filters, 3, activation="relu")(x)
    x = keras.layers.MaxPooling2D(2)(x)
    x = keras.layers.Flatten()(keras.layers.Conv2D(2 * filters, 3, activation="relu")(x))
    heads = [keras.layers.Dense(head_units, activation="relu")(x) for _ in range(code_length // 4)]
    return keras.Model(inputs, HadamardCode(classes, code_length=code_length)(heads), name="ecc_lenet")


def get_estimator(epochs=10, batch_size=32, epsilon=0.04, code_length=16, filters=32, head_units=16,
                  max_train_steps_per_epoch=None, max_eval_steps_per_epoch=None, save_dir=None, log_steps=100):
    """The Pipeline -> Network -> Estimator of this application; the weights with the lowest average of the clean
    and adversarial cross-entropy go to `save_dir` (default: a new temporary folder) and are loaded at the end."""
    train, evaluation, test = digits.load_data(image_size=28)
    pipeline = fe.Pipeline(train_data=train, eval_data=evaluation, test_data=test, batch_size=batch_size)
    model = fe.build(model_fn=lambda: ecc_lenet(code_length=code_length, filters=filters, head_units=head_units),
                     optimizer_fn="adam", model_name="ecc_lenet")
    network = fe.Network(ops=[
        Watch(inputs="x", mode=ATTACKED),
        ModelOp(model=model, inputs="x", outputs="y_pred"),
        CrossEntropy(inputs=("y_pred", "y"), outputs="base_ce"),
        UpdateOp(model=model, loss_name="base_ce"),
        FGSM(data="x", loss="base_ce", outputs="x_adverse", epsilon=epsilon, clip_low=0.0, clip_high=1.0,
             mode=ATTACKED),
        ModelOp(model=model, inputs="x_adverse", outputs="y_pred_adv", mode=ATTACKED),
        CrossEntropy(inputs=("y_pred_adv", "y"), outputs="adv_ce", mode=ATTACKED),
        Average(inputs=("base_ce", "adv_ce"), outputs="avg_ce", mode=ATTACKED)])
    traces = [Accuracy(true_key="y", pred_key="y_pred", output_name="base_accuracy"),
              Accuracy(true_key="y", pred_key="y_pred_adv", output_name="adversarial_accuracy"),
              BestModelSaver(model=model, save_dir=save_dir or tempfile.mkdtemp(prefix="ecc_"), metric="avg_ce",
                             save_best_mode="min", load_best_final=True)]
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=log_steps,
                        max_train_steps_per_epoch=max_train_steps_per_epoch,
                        max_eval_steps_per_epoch=max_eval_steps_per_epoch, monitor_names=["adv_ce", "avg_ce"])


if __name__ == "__main__":
    run_script(get_estimator)
