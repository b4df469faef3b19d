"""Sentiment of IMDB movie reviews (25000 train / 25000 eval, positive or negative) with a text classifier.

    kerasfe train apphub/nlp/imdb/imdb.py --epochs 10 --backend jax
    python apphub/nlp/imdb/imdb.py --epochs 2 --encoder conv

Each review arrives as word ids (most frequent words first, `vocab_size` words kept, the rest mapped to
the out-of-vocabulary id 2). The Pipeline pads or cuts it to `max_length` ids (`PadSequence`, keeping the
end of long reviews); the Network runs `TextClassifier` (embedding, then a Conv1D + LSTM encoder by
default, one sigmoid unit) with binary cross-entropy and Adam; the Traces measure accuracy and keep the
most accurate weights. Half of the 25000 test reviews are held out from eval as the test set.
"""
import tempfile

import kerasfe as fe
from kerasfe.architecture import TextClassifier
from kerasfe.cli.app import run_script
from kerasfe.dataset.data import imdb
from kerasfe.op.numpyop import PadSequence
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
from kerasfe.trace.io import BestModelSaver
from kerasfe.trace.metric import Accuracy


def get_estimator(epochs=10, batch_size=64, max_train_steps_per_epoch=None, max_eval_steps_per_epoch=None,
                  cache_dir=None, save_dir=None, vocab_size=10000, max_length=500, embedding_dim=64,
                  encoder="lstm", hidden_units=64, log_steps=100):
    """The Pipeline -> Network -> Estimator of this application.

    Args:
        cache_dir: the folder whose `datasets/imdb.npz` holds IMDB (downloaded there once; Keras's
            `~/.keras` by default).
        save_dir: where BestModelSaver keeps the most accurate weights (a new temporary folder by default).
        vocab_size: how many of the most frequent words keep their own id.
        max_length: ids per review after padding / truncation.
        embedding_dim, encoder, hidden_units: TextClassifier's (encoder "lstm", "conv" or "pooling").
    """
    train, evaluation = imdb.load_data(cache_dir=cache_dir, num_words=vocab_size)
    test = evaluation.split(0.5, seed=0)
    pipeline = fe.Pipeline(train_data=train, eval_data=evaluation, test_data=test, batch_size=batch_size,
                           ops=[PadSequence(max_len=max_length, inputs="x", outputs="x", append=False)])
    model = fe.build(model_fn=lambda: TextClassifier(vocab_size=vocab_size, max_length=max_length,
                                                     embedding_dim=embedding_dim, encoder=encoder,
                                                     hidden_units=hidden_units),
                     optimizer_fn="adam")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce")])
    traces = [Accuracy(true_key="y", pred_key="y_pred"),
              BestModelSaver(model=model, save_dir=save_dir or tempfile.mkdtemp(prefix="imdb_"), metric="accuracy",
                             save_best_mode="max")]
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=log_steps,
                        max_train_steps_per_epoch=max_train_steps_per_epoch,
                        max_eval_steps_per_epoch=max_eval_steps_per_epoch)


if __name__ == "__main__":
    run_script(get_estimator)
