"""Named-entity tagging of movie questions (MIT Movie corpus, 12 BIO entity types) with a keras-hub transformer.

    kerasfe train apphub/nlp/ner/ner.py --epochs 3 --backend jax
    python apphub/nlp/ner/ner.py --epochs 3 --data_dir ~/fastestimator_data

Each sentence is split into words (`Tokenize`), words and tags become ids (`WordtoId`: word ids from the training
vocabulary, 1 for an unseen word; tag ids in sorted order) and both are padded to `max_len` (`PadSequence`: word id
0, and an extra "padding" tag id). The Network embeds words and positions (keras_hub TokenAndPositionEmbedding with
`mask_zero`, so the TransformerEncoder attends only to real words), and a softmax over the tags per word; the
cross-entropy gives the padding tag weight 0, so padding never moves a weight. `TokenScores` reports per-word
accuracy and macro F1 over the real words only (padding left out).
"""
import tempfile

import keras

import kerasfe as fe
from kerasfe.architecture import TransformerTagger
from kerasfe.cli.app import run_script
from kerasfe.dataset.data import mitmovie_ner
from kerasfe.op.numpyop import PadSequence, Tokenize, WordtoId
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
from kerasfe.trace.io import BestModelSaver
from kerasfe.trace.metric import TokenScores


def get_estimator(epochs=3, batch_size=64, max_train_steps_per_epoch=None, max_eval_steps_per_epoch=None,
                  data_dir=None, save_dir=None, max_len=32, embedding_dim=64, num_heads=4, num_layers=2,
                  intermediate_dim=128, dropout=0.1, learning_rate=1e-3, log_steps=100):
    """The Pipeline -> Network -> Estimator of this application.

    Args:
        data_dir: the folder whose `MITMovie/` holds engtrain.bio and engtest.bio (downloaded there once;
            `~/fastestimator_data` by default).
        save_dir: where BestModelSaver keeps the weights of the best token F1 (a new temporary folder by default).
        max_len: words per sentence after padding / truncation.
        embedding_dim, num_heads, num_layers, intermediate_dim, dropout: the transformer's size.
    """
    train_data, eval_data, words, tags = mitmovie_ner.load_data(root_dir=data_dir)
    test_data = eval_data.split(0.5, seed=0)
    word_ids = {word: index + 2 for index, word in enumerate(sorted(words & set(
        word for sentence in train_data["x"] for word in str(sentence).split())))}  # 0: padding, 1: unseen word
    tag_ids = {tag: index for index, tag in enumerate(sorted(tags))}
    pad_tag = len(tag_ids)
    pipeline = fe.Pipeline(
        train_data=train_data, eval_data=eval_data, test_data=test_data, batch_size=batch_size,
        ops=[Tokenize(inputs="x", outputs="x"),
             WordtoId(inputs="x", outputs="x", mapping=word_ids, oov_id=1),
             WordtoId(inputs="y", outputs="y", mapping=tag_ids),
             PadSequence(max_len=max_len, inputs="x", outputs="x"),
             PadSequence(max_len=max_len, value=pad_tag, inputs="y", outputs="y")])
    model = fe.build(model_fn=lambda: TransformerTagger(len(word_ids) + 2, pad_tag + 1, max_len, embedding_dim,
                                                        num_heads, num_layers, intermediate_dim, dropout,
                                                        name="ner_transformer"),
                     optimizer_fn=lambda: keras.optimizers.Adam(learning_rate))
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce", class_weights={pad_tag: 0.0}),
                              UpdateOp(model=model, loss_name="ce")])
    traces = [TokenScores(true_key="y", pred_key="y_pred", pad_id=pad_tag),
              BestModelSaver(model=model, save_dir=save_dir or tempfile.mkdtemp(prefix="ner_"), metric="token_f1",
                             save_best_mode="max")]
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=log_steps,
                        max_train_steps_per_epoch=max_train_steps_per_epoch,
                        max_eval_steps_per_epoch=max_eval_steps_per_epoch)


if __name__ == "__main__":
    run_script(get_estimator)
