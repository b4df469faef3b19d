"""Sentiment of IMDB movie reviews with a keras-hub transformer encoder (randomly initialised, no download of
weights needed).

    kerasfe train apphub/nlp/transformer_classifier/transformer_classifier.py --epochs 3 --backend jax
    python apphub/nlp/transformer_classifier/transformer_classifier.py --epochs 3 --max_length 256

Reviews arrive as word ids (`kerasfe.dataset.data.imdb`, Keras's tokenisation: most frequent words first,
`vocab_size` kept). The Pipeline pads / cuts each to `max_length` ids (`PadSequence`, keeping the end); the Network
embeds words and positions (keras_hub TokenAndPositionEmbedding with `mask_zero`: padding is masked out of the
attention), runs `num_layers` keras_hub TransformerEncoder blocks, averages the real positions and ends in one
sigmoid unit; binary cross-entropy, Adam; accuracy and the most accurate weights kept.
"""
import tempfile

import keras

import kerasfe as fe
from kerasfe.architecture import TransformerClassifier
from kerasfe.cli.app import run_script
from kerasfe.dataset.data import imdb
from kerasfe.op.numpyop import PadSequence
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
from kerasfe.trace.io import BestModelSaver
from kerasfe.trace.metric import Accuracy


def get_estimator(epochs=3, batch_size=32, max_train_steps_per_epoch=None, max_eval_steps_per_epoch=None,
                  cache_dir=None, save_dir=None, vocab_size=20000, max_length=256, embedding_dim=64, num_heads=4,
                  num_layers=2, intermediate_dim=128, dropout=0.1, learning_rate=1e-3, log_steps=100):
    """The Pipeline -> Network -> Estimator of this application.

    Args:
        cache_dir: the folder whose `datasets/imdb.npz` holds IMDB (downloaded there once; Keras's `~/.keras`
            by default).
        save_dir: where BestModelSaver keeps the most accurate weights (a new temporary folder by default).
        vocab_size: how many of the most frequent words keep their own id.
        max_length: ids per review after padding / truncation.
        embedding_dim, num_heads, num_layers, intermediate_dim, dropout: the encoder's size.
    """
    train, evaluation = imdb.load_data(cache_dir=cache_dir, num_words=vocab_size)
    test = evaluation.split(0.5, seed=0)
    pipeline = fe.Pipeline(train_data=train, eval_data=evaluation, test_data=test, batch_size=batch_size,
                           ops=[PadSequence(max_len=max_length, inputs="x", outputs="x", append=False)])
    model = fe.build(model_fn=lambda: TransformerClassifier(vocab_size, max_length, embedding_dim, num_heads,
                                                             num_layers, intermediate_dim, dropout),
                     optimizer_fn=lambda: keras.optimizers.Adam(learning_rate))
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce")])
    traces = [Accuracy(true_key="y", pred_key="y_pred"),
              BestModelSaver(model=model, save_dir=save_dir or tempfile.mkdtemp(prefix="transformer_classifier_"),
                             metric="accuracy", save_best_mode="max")]
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=log_steps,
                        max_train_steps_per_epoch=max_train_steps_per_epoch,
                        max_eval_steps_per_epoch=max_eval_steps_per_epoch)


if __name__ == "__main__":
    run_script(get_estimator)
