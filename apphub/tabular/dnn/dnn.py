"""Classify breast tumours as benign or malignant from 30 measurements (scikit-learn's Wisconsin breast
cancer data, bundled: no download) with a small dense network.

    kerasfe train apphub/tabular/dnn/dnn.py --epochs 20 --backend torch
    python apphub/tabular/dnn/dnn.py --epochs 20 --batch_size 16

The 569 samples are split (stratified) into 455 train, 57 eval and 57 test samples. The Pipeline
standardizes each feature with the mean and standard deviation of the training samples only (a
`Normalize` op fitted on train); the Network runs `DNN` (two ReLU layers with dropout, one sigmoid unit)
with binary cross-entropy and Adam; the Traces report accuracy, F1 and ROC AUC, and keep the weights
of the epoch with the best AUC.
"""
import tempfile

import numpy as np

import kerasfe as fe
from kerasfe.architecture import DNN
from kerasfe.cli.app import run_script
from kerasfe.dataset.data import breast_cancer
from kerasfe.op.numpyop import Normalize
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
from kerasfe.trace.io import BestModelSaver
from kerasfe.trace.metric import Accuracy, AUCScore, F1Score


def standardizer(dataset, key="x"):
    """A Normalize op that maps each feature of `key` to zero mean and unit variance over `dataset`."""
    values = dataset.gather(np.arange(len(dataset)))[key]
    return Normalize(inputs=key, outputs=key, mean=values.mean(axis=0), std=values.std(axis=0) + 1e-6,
                     max_pixel_value=1.0)


def get_estimator(epochs=20, batch_size=32, max_train_steps_per_epoch=None, max_eval_steps_per_epoch=None,
                  save_dir=None, hidden_units=(32, 16), dropout=0.5, seed=0, log_steps=100):
    """The Pipeline -> Network -> Estimator of this application.

    Args:
        save_dir: where BestModelSaver keeps the weights with the best eval AUC (a new temporary folder by
            default).
        hidden_units: the width of each hidden layer of the DNN.
        dropout: the dropout rate after each hidden layer.
        seed: the seed of the train / eval / test split.
    """
    train, evaluation = breast_cancer.load_data(eval_fraction=0.2, seed=seed)
    test = evaluation.split(0.5, stratify="y", seed=seed)
    pipeline = fe.Pipeline(train_data=train, eval_data=evaluation, test_data=test, batch_size=batch_size,
                           ops=[standardizer(train)])
    model = fe.build(model_fn=lambda: DNN(input_features=30, hidden_units=hidden_units, dropout=dropout),
                     optimizer_fn="adam")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce")])
    traces = [Accuracy(true_key="y", pred_key="y_pred"), F1Score(true_key="y", pred_key="y_pred"),
              AUCScore(true_key="y", pred_key="y_pred"),
              BestModelSaver(model=model, save_dir=save_dir or tempfile.mkdtemp(prefix="dnn_"), metric="auc",
                             save_best_mode="max", load_best_final=True)]
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=log_steps,
                        max_train_steps_per_epoch=max_train_steps_per_epoch,
                        max_eval_steps_per_epoch=max_eval_steps_per_epoch)


if __name__ == "__main__":
    run_script(get_estimator)
