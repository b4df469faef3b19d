"""Done means: FGSM training makes LeNet more accurate on FGSM examples of the digits data."""
import keras
import numpy as np

import kerasfe as fe
from kerasfe.architecture import LeNet
from kerasfe.dataset.data import digits
from kerasfe.op.tensorop import FGSM, Average, CrossEntropy, ModelOp, UpdateOp, Watch

EPSILON = 0.1


def adversarial_accuracy(model, data):
    """Accuracy on white-box FGSM examples of `data` made against `model` itself."""
    attack = fe.Network(ops=[Watch(inputs="x"), ModelOp(model, "x", "y_pred"),
                             CrossEntropy(("y_pred", "y"), "ce", mode=None, average_loss=False),
                             FGSM(data="x", loss="ce", outputs="x_adv", epsilon=EPSILON, clip_low=0.0, clip_high=1.0),
                             ModelOp(model, "x_adv", "y_pred_adv")])
    predicted = attack.predict(data, batch_size=90, verbose=0)["y_pred_adv"]
    return float(np.mean(np.argmax(predicted, axis=1) == data["y"]))


def train(adversarial, train_data):
    keras.utils.set_random_seed(0)
    model = fe.build(lambda: LeNet(input_shape=(24, 24, 1)), lambda: keras.optimizers.Adam(2e-3))
    if adversarial:  # the example, verbatim
        ops = [Watch(inputs="x"), ModelOp(model, "x", "y_pred"), CrossEntropy(("y_pred", "y"), "ce"),
               FGSM(data="x", loss="ce", outputs="x_adv", epsilon=EPSILON),
               ModelOp(model, "x_adv", "y_pred_adv"), CrossEntropy(("y_pred_adv", "y"), "ce_adv"),
               Average(inputs=("ce", "ce_adv"), outputs="avg_ce"), UpdateOp(model, "avg_ce")]
    else:
        ops = [ModelOp(model, "x", "y_pred"), CrossEntropy(("y_pred", "y"), "ce"), UpdateOp(model, "ce")]
    fe.Network(ops=ops).fit(train_data, batch_size=32, epochs=2, verbose=0)
    return model


def test_fgsm_training_is_more_robust_on_digits():
    train_data, _, test_data = digits.load_data(image_size=24)
    clean = train(False, train_data)
    robust = train(True, train_data)
    clean_accuracy = float(np.mean(np.argmax(keras.ops.convert_to_numpy(robust(test_data["x"])), 1) == test_data["y"]))
    assert clean_accuracy > 0.8
    assert adversarial_accuracy(robust, test_data) > adversarial_accuracy(clean, test_data) + 0.05
