"""Word-level language model on the Penn Treebank (10000 words) with a small GPT-style keras-hub decoder.

    kerasfe train apphub/nlp/language_model/language_model.py --epochs 5 --backend jax
    python apphub/nlp/language_model/language_model.py --epochs 5 --data_dir ~/fastestimator_data

`penn_treebank.load_data` cuts each text into sequences of `seq_length` word ids; the Pipeline splits each into
the input (all words but the last) and the target (all words but the first). The Network embeds words and
positions (keras_hub TokenAndPositionEmbedding), runs `num_layers` keras_hub TransformerDecoder blocks (causal
self-attention: each position sees only the words before it) and a softmax over the vocabulary; sparse
cross-entropy per word, Adam. `Perplexity` logs exp(mean eval cross-entropy), FastEstimator's measure for this app.
"""
import tempfile

import keras

import kerasfe as fe
from kerasfe.architecture import TransformerLanguageModel
from kerasfe.cli.app import run_script
from kerasfe.dataset.data import penn_treebank
from kerasfe.op.numpyop import LambdaOp
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
from kerasfe.trace.io import BestModelSaver
from kerasfe.trace.metric import Perplexity


def split_input_and_target(words):
    """(input, target) of a word-id sequence: the target is the input moved one word on."""
    return words[:-1], words[1:]


def get_estimator(epochs=5, batch_size=64, max_train_steps_per_epoch=None, max_eval_steps_per_epoch=None,
                  data_dir=None, save_dir=None, seq_length=33, embedding_dim=128, num_heads=4, num_layers=2,
                  intermediate_dim=256, dropout=0.1, learning_rate=1e-3, log_steps=100):
    """The Pipeline -> Network -> Estimator of this application.

    Args:
        data_dir: the folder whose `PennTreeBank/` holds ptb.{train,valid,test}.txt (downloaded there once;
            `~/fastestimator_data` by default).
        save_dir: where BestModelSaver keeps the weights of the lowest perplexity (a new temporary folder by default).
        seq_length: words per sequence (the model sees seq_length - 1 of them and predicts each next one).
        embedding_dim, num_heads, num_layers, intermediate_dim, dropout: the decoder's size.
    """
    train_data, eval_data, test_data, vocab = penn_treebank.load_data(root_dir=data_dir, seq_length=seq_length)
    pipeline = fe.Pipeline(train_data=train_data, eval_data=eval_data, test_data=test_data, batch_size=batch_size,
                           ops=[LambdaOp(fn=split_input_and_target, inputs="x", outputs=("x", "y"))])
    model = fe.build(model_fn=lambda: TransformerLanguageModel(len(vocab), seq_length - 1, embedding_dim, num_heads,
                                                               num_layers, intermediate_dim, dropout),
                     optimizer_fn=lambda: keras.optimizers.Adam(learning_rate))
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce")])
    traces = [Perplexity(inputs="ce"),
              BestModelSaver(model=model, save_dir=save_dir or tempfile.mkdtemp(prefix="language_model_"),
                             metric="perplexity", save_best_mode="min")]
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=log_steps,
                        max_train_steps_per_epoch=max_train_steps_per_epoch,
                        max_eval_steps_per_epoch=max_eval_steps_per_epoch)


if __name__ == "__main__":
    run_script(get_estimator)
