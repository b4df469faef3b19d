import keras
import numpy as np
import pytest

from kerasfe.architecture import AttentionUNet
from kerasfe.architecture.attention_unet import attention_block
from kerasfe.errors import ConfigError
from tests.architecture.training import zeroed


def test_attention_gate_matches_numpy_in_inference():
    encoder_in, decoder_in = keras.Input((4, 4, 3)), keras.Input((4, 4, 2))
    gate = keras.Model([encoder_in, decoder_in], attention_block(5, decoder_input=decoder_in, encoder_input=encoder_in))
    rng = np.random.default_rng(0)
    encoder, decoder = rng.normal(size=(2, 4, 4, 3)).astype("float32"), rng.normal(size=(2, 4, 4, 2)).astype("float32")
    convs = {layer.input.shape[-1] if layer.filters == 5 else "out": layer for layer in gate.layers
             if isinstance(layer, keras.layers.Conv2D)}
    bn = 1 / np.sqrt(1 + 1e-3)  # a fresh BatchNormalization in inference: x / sqrt(moving variance 1 + epsilon)

    def conv1x1(layer, x):
        kernel, bias = (keras.ops.convert_to_numpy(w) for w in layer.weights)
        return x @ kernel[0, 0] + bias

    attention = np.maximum(conv1x1(convs[3], encoder) * bn + conv1x1(convs[2], decoder) * bn, 0)
    expected = encoder / (1 + np.exp(-conv1x1(convs["out"], attention) * bn))
    np.testing.assert_allclose(keras.ops.convert_to_numpy(gate([encoder, decoder], training=False)), expected,
                               rtol=1e-4, atol=1e-5)


def test_masks_keep_the_image_size():
    model = AttentionUNet(input_size=(4, 4, 1), filters=2, depth=1, dropout=0.0)
    widths = [layer.filters for layer in model.layers
              if isinstance(layer, keras.layers.Conv2D) and layer.kernel_size == (3, 3)]
    assert widths == [2, 2, 4, 4, 2, 2, 2]
    x = np.random.default_rng(1).random((2, 4, 4, 1), dtype="float32")
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(zeroed(model)(x)), np.full((2, 4, 4, 1), 0.5, "float32"))


@pytest.mark.parametrize("size", [(24, 32, 1), (16, 16)])
def test_rejects_sizes_fastestimator_rejects(size):
    with pytest.raises(ConfigError, match="AttentionUNet"):
        AttentionUNet(input_size=size)
