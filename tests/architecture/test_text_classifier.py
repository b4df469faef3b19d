import numpy as np
import pytest

from kerasfe.architecture import TextClassifier
from kerasfe.errors import ConfigError
from tests.architecture.training import assert_trains


def test_pooling_encoder_ignores_padding():
    model = TextClassifier(vocab_size=20, max_length=4, embedding_dim=4, encoder="pooling", hidden_units=4)
    scores = model.predict(np.array([[3, 4, 0, 0], [3, 4, 3, 4]], "int32"), verbose=0)
    np.testing.assert_allclose(scores[0], scores[1], rtol=1e-5)
    assert scores.shape == (2, 1) and 0.0 < scores.min() and scores.max() < 1.0


def test_unknown_encoder_is_rejected():
    with pytest.raises(ConfigError, match="encoder"):
        TextClassifier(encoder="transformer")


@pytest.mark.parametrize("encoder", ["pooling", "conv", "lstm"])
def test_text_classifier_trains(encoder):
    rng = np.random.default_rng(0)
    tokens = rng.integers(1, 30, (8, 12)).astype("int32")
    labels = (tokens[:, 0] > 15).astype("float32")[:, None]
    model = TextClassifier(vocab_size=30, max_length=12, embedding_dim=4, encoder=encoder, hidden_units=4)
    assert_trains(model, tokens, labels, "binary_crossentropy")
