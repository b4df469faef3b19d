"""Train a small Vision Transformer on scikit-learn's bundled digits (enlarged to 16x16): no download needed.

    kerasfe train apphub/image_classification/vit/vit.py --epochs 20 --backend jax
    KERAS_BACKEND=torch python apphub/image_classification/vit/vit.py --epochs 5 --num_layers 1

The Pipeline pads the training images to 20x20 and crops them back to 16x16 at random (shifts of up to 2
pixels). The Network runs `kerasfe.architecture.ViT`: 4x4 patches (16 tokens and a class token), `num_layers`
pre-norm encoder blocks of `keras.layers.MultiHeadAttention`, and an Adam step.
"""
import tempfile

import keras

import kerasfe as fe
from kerasfe.architecture import ViT
from kerasfe.cli.app import run_script
from kerasfe.dataset.data import digits
from kerasfe.op.numpyop import PadIfNeeded, RandomCrop
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
from kerasfe.trace.io import BestModelSaver
from kerasfe.trace.metric import Accuracy


def get_estimator(epochs=20, batch_size=32, max_train_steps_per_epoch=None, max_eval_steps_per_epoch=None,
                  save_dir=None, num_layers=2, em_dim=64, num_heads=4, dff=128, dropout=0.1, pooling="class_token",
                  lr=1e-3, log_steps=100):
    """The Pipeline -> Network -> Estimator of this application.

    Args:
        save_dir: where BestModelSaver keeps the most accurate weights (a new temporary folder by default).
        num_layers, em_dim, num_heads, dff, dropout, pooling: the ViT's (see `kerasfe.architecture.ViT`).
        lr: Adam's learning rate.
    """
    train, evaluation, test = digits.load_data(image_size=16)
    pipeline = fe.Pipeline(train_data=train, eval_data=evaluation, test_data=test, batch_size=batch_size,
                           ops=[PadIfNeeded(min_height=20, min_width=20, image_in="x", mode="train"),
                                RandomCrop(16, 16, image_in="x", mode="train")])
    model = fe.build(model_fn=lambda: ViT((16, 16, 1), classes=10, patch_size=4, num_layers=num_layers,
                                          em_dim=em_dim, num_heads=num_heads, dff=dff, dropout=dropout,
                                          pooling=pooling),
                     optimizer_fn=lambda: keras.optimizers.Adam(lr))
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce")])
    traces = [Accuracy(true_key="y", pred_key="y_pred"),
              BestModelSaver(model=model, save_dir=save_dir or tempfile.mkdtemp(prefix="vit_"), metric="accuracy",
                             save_best_mode="max")]
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=log_steps,
                        max_train_steps_per_epoch=max_train_steps_per_epoch,
                        max_eval_steps_per_epoch=max_eval_steps_per_epoch)


if __name__ == "__main__":
    run_script(get_estimator)
