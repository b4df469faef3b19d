import inspect

import keras
import numpy as np

from kerasfe.architecture import pytorch as torch_arch


def test_fastestimator_pytorch_signatures():
    parameters = {name: list(inspect.signature(getattr(torch_arch, name)).parameters) for name in torch_arch.__all__}
    assert parameters == {"AttentionUNet": ["input_size"], "LeNet": ["input_shape", "classes"],
                          "ResNet9": ["input_size", "classes"], "UNet": ["input_size", "output_channel"],
                          "WideResidualNetwork": ["depth", "classes", "widen_factor", "dropout"]}


def test_channels_first_models_compute_the_channels_last_model_on_transposed_images():
    inner = keras.Sequential([keras.Input((3, 4, 2)), keras.layers.Conv2D(3, (1, 2), padding="same")])
    model = torch_arch.channels_first(inner, (2, 3, 4), image_output=True)
    x = np.random.default_rng(0).random((2, 2, 3, 4), dtype="float32")
    expected = keras.ops.convert_to_numpy(inner(x.transpose(0, 2, 3, 1))).transpose(0, 3, 1, 2)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(model(x)), expected, rtol=1e-5, atol=1e-6)


def test_wide_residual_network_takes_any_size_and_gives_logits():
    model = torch_arch.WideResidualNetwork(depth=10, classes=3, widen_factor=1)
    assert model.input_shape == (None, 3, None, None) and model.output_shape == (None, 3)
    inner = next(layer for layer in model.layers if isinstance(layer, keras.Model))
    dense = [layer for layer in inner.layers if isinstance(layer, keras.layers.Dense)]
    assert dense[-1].get_config()["activation"] == "linear"  # logits, as FastEstimator's PyTorch model
    lenet = torch_arch.LeNet()
    assert lenet.input_shape == (None, 1, 28, 28) and lenet.output_shape == (None, 10)
