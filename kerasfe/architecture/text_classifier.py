"""A binary text classifier over token ids (sentiment of IMDB reviews)."""
import keras

from kerasfe.errors import ConfigError

ENCODERS = ("pooling", "conv", "lstm")


def TextClassifier(vocab_size=10000, max_length=500, embedding_dim=64, encoder="lstm", hidden_units=64,  # noqa: N802
                   name="text_classifier"):
    """The probability that a sequence of token ids is positive: embedding -> encoder -> dense -> sigmoid.

    Token id 0 is padding. Encoders:
    "pooling": the mean of the embeddings (padding ignored), "conv": Conv1D(5) -> global max-pool,
    "lstm": Conv1D(3) -> max-pool(2) -> LSTM (as FastEstimator's IMDB application).

    Args:
        vocab_size: the number of token ids (the embedding's rows).
        max_length: tokens per (padded) sequence.
        embedding_dim: the width of a token's embedding.
        encoder: "pooling", "conv" or "lstm".
        hidden_units: the width of the conv / LSTM and of the dense layer before the output.
        name: the model's name.

    Example:
        >>> model = TextClassifier(vocab_size=100, max_length=20, embedding_dim=8, encoder="conv")
        >>> model.output_shape
        (None, 1)
    """
    if encoder not in ENCODERS:
        raise ConfigError(f"TextClassifier: encoder must be one of {ENCODERS}; got {encoder!r}")
    inputs = keras.Input((max_length,), dtype="int32")
    x = keras.layers.Embedding(vocab_size, embedding_dim, mask_zero=encoder == "pooling")(inputs)
    if encoder == "pooling":
        x = keras.layers.GlobalAveragePooling1D()(x)
    elif encoder == "conv":
        x = keras.layers.Conv1D(hidden_units, 5, padding="same", activation="relu")(x)
        x = keras.layers.GlobalMaxPooling1D()(x)
    else:
        x = keras.layers.Conv1D(hidden_units // 2, 3, padding="same", activation="relu")(x)
        x = keras.layers.MaxPooling1D(2)(x)
        x = keras.layers.LSTM(hidden_units)(x)
    x = keras.layers.Dense(hidden_units, activation="relu")(x)
    outputs = keras.layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inputs, outputs, name=name)
