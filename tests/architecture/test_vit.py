import keras
import numpy as np
import pytest

from kerasfe.architecture import ViT
from kerasfe.errors import ConfigError
from tests.architecture.training import assert_trains

SMALL = dict(classes=3, patch_size=4, num_layers=2, em_dim=8, num_heads=2, dff=16, dropout=0.0)


@pytest.mark.parametrize("pooling, tokens", [("class_token", 5), ("mean", 4)])
def test_layout_probabilities_and_every_weight_trains(pooling, tokens):
    model = ViT((8, 8, 1), pooling=pooling, **SMALL)
    assert model.get_layer("patch_tokens").output.shape == (None, tokens, 8)
    attention = [layer for layer in model.layers if isinstance(layer, keras.layers.MultiHeadAttention)]
    assert len(attention) == 2 and all(layer.num_heads == 2 for layer in attention)
    names = sorted(weight.name for weight in model.get_layer("patch_tokens").weights)
    assert names == (["class_token", "position_embedding"] if pooling == "class_token" else ["position_embedding"])
    rng = np.random.default_rng(0)
    x, y = rng.random((6, 8, 8, 1), dtype="float32"), rng.integers(0, 3, 6)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(model(x)).sum(axis=1), 1.0, rtol=1e-5)
    assert_trains(model, x, y, "sparse_categorical_crossentropy")  # class token and positions included


def test_tokens_see_where_each_patch_is_and_the_model_reloads(tmp_path):
    model = ViT((8, 8, 1), activation=None, **SMALL)
    tokens = model.get_layer("patch_tokens")
    tokens.set_weights([np.ones((1, 1, 8)), np.arange(5 * 8, dtype="float32").reshape(1, 5, 8)])
    patches = np.full((1, 4, 8), 2.0, "float32")
    expected = np.concatenate([np.ones((1, 1, 8)), patches], axis=1) + np.arange(40).reshape(1, 5, 8)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(tokens(patches)), expected)
    model.save(tmp_path / "vit.keras")
    images = np.random.default_rng(1).random((2, 8, 8, 1), dtype="float32")
    reloaded = keras.models.load_model(tmp_path / "vit.keras")
    np.testing.assert_allclose(keras.ops.convert_to_numpy(reloaded(images)),
                               keras.ops.convert_to_numpy(model(images)), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("arguments, message", [
    (dict(input_shape=(10, 8, 1)), "multiples of patch_size 4"),
    (dict(input_shape=(8, 8, 1), em_dim=10, num_heads=4), "multiple of num_heads"),
    (dict(input_shape=(8, 8, 1), pooling="max"), "'class_token' or 'mean'")])
def test_bad_arguments_are_named(arguments, message):
    with pytest.raises(ConfigError, match=message):
        ViT(**{**SMALL, "em_dim": 8, "num_heads": 2, **arguments})
