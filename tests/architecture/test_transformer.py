import keras
import numpy as np
import pytest

from kerasfe.architecture import TransformerClassifier, TransformerLanguageModel, TransformerTagger

SIZE = dict(embedding_dim=8, num_heads=2, num_layers=1, intermediate_dim=16, dropout=0.0)


def test_language_model_is_causal_a_later_token_changes_no_earlier_prediction():
    model = TransformerLanguageModel(vocab_size=30, sequence_length=6, **SIZE)
    tokens = np.array([[3, 4, 5, 6, 7, 8]], "int32")
    changed = tokens.copy()
    changed[0, 4] = 20
    before, after = model.predict(tokens, verbose=0), model.predict(changed, verbose=0)
    np.testing.assert_allclose(before[0, :4], after[0, :4], rtol=1e-5, atol=1e-6)
    assert not np.allclose(before[0, 4:], after[0, 4:])
    np.testing.assert_allclose(before.sum(-1), 1.0, rtol=1e-5)


def token_embedding(model):
    """The token-embedding matrix variable of a model's TokenAndPositionEmbedding."""
    return next(v for v in model.weights if "token_embedding" in v.path and "embeddings" in v.path)


def test_classifier_and_tagger_ignore_what_the_padding_id_embeds():
    classifier = TransformerClassifier(vocab_size=30, max_length=6, **SIZE)
    tagger = TransformerTagger(vocab_size=30, num_tags=4, max_length=6, **SIZE)
    padded = np.array([[3, 4, 5, 0, 0, 0]], "int32")
    before = classifier.predict(padded, verbose=0), tagger.predict(padded, verbose=0)
    for model in (classifier, tagger):  # padding id 0 now embeds to something else entirely
        embedding = token_embedding(model)
        matrix = keras.ops.convert_to_numpy(embedding)
        matrix[0] = 5.0
        embedding.assign(matrix)
    after = classifier.predict(padded, verbose=0), tagger.predict(padded, verbose=0)
    assert before[0].shape == (1, 1) and before[1].shape == (1, 6, 4)
    np.testing.assert_allclose(before[0], after[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(before[1][0, :3], after[1][0, :3], rtol=1e-5, atol=1e-6)  # the real tokens' tags


@pytest.mark.parametrize("builder", [TransformerClassifier, TransformerLanguageModel])
def test_models_train_a_step(builder):
    model = builder(30, 6, **SIZE)
    language_model = builder is TransformerLanguageModel
    model.compile("adam", "sparse_categorical_crossentropy" if language_model else "binary_crossentropy")
    x = np.random.default_rng(0).integers(1, 30, (4, 6)).astype("int32")
    y = x if language_model else np.array([0, 1, 0, 1])
    assert np.isfinite(model.train_on_batch(x, y))
