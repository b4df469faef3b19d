"""Transformer models over token ids from keras-hub's layers (randomly initialised): a text classifier, a token
tagger and a causal language model. keras-hub is the `nlp` extra (`pip install kerasfe[nlp]`)."""
import keras

from kerasfe.errors import ConfigError


def _keras_hub():
    try:
        import keras_hub
    except ImportError:
        raise ConfigError("kerasfe.architecture's transformers need keras-hub: pip install kerasfe[nlp]") from None
    return keras_hub


def transformer_features(tokens, vocab_size, sequence_length, embedding_dim=64, num_heads=4, num_layers=2,
                         intermediate_dim=128, dropout=0.1, causal=False):
    """Per-token features (batch, sequence_length, embedding_dim) of the int tensor `tokens`: token + position
    embeddings, then `num_layers` keras-hub TransformerEncoder blocks (padding id 0 masked), or with `causal`
    TransformerDecoder blocks (each position sees only the ones before it).

    Example:
        >>> tokens = keras.Input((12,), dtype="int32")
        >>> transformer_features(tokens, vocab_size=50, sequence_length=12, embedding_dim=8, num_heads=2,
        ...                      num_layers=1, intermediate_dim=16).shape
        (None, 12, 8)
    """
    keras_hub = _keras_hub()
    x = keras_hub.layers.TokenAndPositionEmbedding(vocabulary_size=vocab_size, sequence_length=sequence_length,
                                                   embedding_dim=embedding_dim, mask_zero=not causal)(tokens)
    block = keras_hub.layers.TransformerDecoder if causal else keras_hub.layers.TransformerEncoder
    for _ in range(num_layers):
        x = block(intermediate_dim=intermediate_dim, num_heads=num_heads, dropout=dropout)(x)
    return x


def TransformerClassifier(vocab_size, max_length, embedding_dim=64, num_heads=4, num_layers=2,  # noqa: N802
                          intermediate_dim=128, dropout=0.1, name="transformer_classifier"):
    """The probability that a sequence of token ids (0: padding) is positive: encoder blocks, the mean of the real
    tokens' features, a sigmoid unit.

    Example:
        >>> TransformerClassifier(vocab_size=50, max_length=12, embedding_dim=8, num_heads=2, num_layers=1,
        ...                       intermediate_dim=16).output_shape
        (None, 1)
    """
    tokens = keras.Input((max_length,), dtype="int32", name="words")
    x = transformer_features(tokens, vocab_size, max_length, embedding_dim, num_heads, num_layers, intermediate_dim,
                             dropout)
    x = keras.layers.GlobalAveragePooling1D()(x, mask=keras.ops.not_equal(tokens, 0))
    x = keras.layers.Dropout(dropout)(x)
    return keras.Model(tokens, keras.layers.Dense(1, activation="sigmoid")(x), name=name)


def TransformerTagger(vocab_size, num_tags, max_length, embedding_dim=64, num_heads=4, num_layers=2,  # noqa: N802
                      intermediate_dim=128, dropout=0.1, name="transformer_tagger"):
    """Per-token tag probabilities (max_length, num_tags) of a sequence of token ids (0: padding), for named-entity
    tagging: encoder blocks, a softmax per token.

    Example:
        >>> TransformerTagger(vocab_size=50, num_tags=5, max_length=12, embedding_dim=8, num_heads=2, num_layers=1,
        ...                   intermediate_dim=16).output_shape
        (None, 12, 5)
    """
    tokens = keras.Input((max_length,), dtype="int32", name="words")
    x = transformer_features(tokens, vocab_size, max_length, embedding_dim, num_heads, num_layers, intermediate_dim,
                             dropout)
    return keras.Model(tokens, keras.layers.Dense(num_tags, activation="softmax")(x), name=name)


def TransformerLanguageModel(vocab_size, sequence_length, embedding_dim=128, num_heads=4, num_layers=2,  # noqa: N802
                             intermediate_dim=256, dropout=0.1, name="gpt"):
    """GPT-style next-token probabilities (sequence_length, vocab_size) of a sequence of token ids: causal decoder
    blocks, a softmax over the vocabulary at each position.

    Example:
        >>> TransformerLanguageModel(vocab_size=50, sequence_length=12, embedding_dim=8, num_heads=2, num_layers=1,
        ...                          intermediate_dim=16).output_shape
        (None, 12, 50)
    """
    tokens = keras.Input((sequence_length,), dtype="int32", name="words")
    x = transformer_features(tokens, vocab_size, sequence_length, embedding_dim, num_heads, num_layers,
                             intermediate_dim, dropout, causal=True)
    return keras.Model(tokens, keras.layers.Dense(vocab_size, activation="softmax")(x), name=name)
