"""Adversarial training with FGSM: LeNet on the digits data learns from clean and perturbed images at once.

    python apphub/adversarial_training/fgsm/fgsm.py
    kerasfe train apphub/adversarial_training/fgsm/fgsm.py --epochs 10 --backend torch
    kerasfe train apphub/adversarial_training/fgsm/fgsm.py --adversarial_training false   # the baseline

Each step computes the loss on the clean images, perturbs them by `epsilon` in the direction that
raises that loss (the Fast Gradient Sign Method), computes the loss again on the perturbed images, and
steps the model on the average of the two losses. Eval and test report the accuracy on clean images
("accuracy") and on FGSM images made against the current model ("adversarial_accuracy"). Data:
scikit-learn's bundled digits, enlarged to 28x28 (no download).
"""
import tempfile

import kerasfe as fe
from kerasfe.architecture import LeNet
from kerasfe.cli.app import run_script
from kerasfe.dataset.data import digits
from kerasfe.op.tensorop import FGSM, Average, CrossEntropy, ModelOp, UpdateOp, Watch
from kerasfe.trace.io import BestModelSaver
from kerasfe.trace.metric import Accuracy


def get_estimator(epochs=10, batch_size=32, max_train_steps_per_epoch=None, max_eval_steps_per_epoch=None,
                  epsilon=0.1, adversarial_training=True, save_dir=None, log_steps=100):
    """The Pipeline -> Network -> Estimator of this application. With `adversarial_training` False the
    model steps on the clean loss only (the adversarial accuracy is still measured). The weights of the
    epoch with the best adversarial accuracy go to `save_dir` (default: a new temporary folder)."""
    train, evaluation, test = digits.load_data(image_size=28)
    pipeline = fe.Pipeline(train_data=train, eval_data=evaluation, test_data=test, batch_size=batch_size)
    model = fe.build(model_fn=lambda: LeNet(input_shape=(28, 28, 1), classes=10), optimizer_fn="adam",
                     model_name="lenet")
    network = fe.Network(ops=[
        Watch(inputs="x"),
        ModelOp(model=model, inputs="x", outputs="y_pred"),
        CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
        FGSM(data="x", loss="ce", outputs="x_adv", epsilon=epsilon, clip_low=0.0, clip_high=1.0, mode="!infer"),
        ModelOp(model=model, inputs="x_adv", outputs="y_pred_adv", mode="!infer"),
        CrossEntropy(inputs=("y_pred_adv", "y"), outputs="ce_adv"),
        Average(inputs=("ce", "ce_adv"), outputs="avg_ce", mode="!infer"),
        UpdateOp(model=model, loss_name="avg_ce" if adversarial_training else "ce")])
    traces = [Accuracy(true_key="y", pred_key="y_pred", output_name="accuracy"),
              Accuracy(true_key="y", pred_key="y_pred_adv", output_name="adversarial_accuracy"),
              BestModelSaver(model=model, save_dir=save_dir or tempfile.mkdtemp(prefix="fgsm_"),
                             metric="adversarial_accuracy", save_best_mode="max")]
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=log_steps,
                        max_train_steps_per_epoch=max_train_steps_per_epoch,
                        max_eval_steps_per_epoch=max_eval_steps_per_epoch)


if __name__ == "__main__":
    run_script(get_estimator)
