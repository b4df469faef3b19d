"""FastEstimator's `fe.architecture.pytorch` path: its models with its PyTorch signatures. They take images
channels first (batch, channels, height, width) as PyTorch lays them out, and give masks channels first too;
they are Keras 3 models (a channels-last model between two `Permute` layers) that run on every backend.

Example:
    >>> LeNet(input_shape=(1, 28, 28), classes=10).input_shape
    (None, 1, 28, 28)
"""
import keras

from kerasfe.architecture import attention_unet, lenet, resnet9, unet, wide_residual_network


def channels_first(model, input_size, image_output=False):
    """`model` (channels last) as a model taking channels-first inputs of shape `input_size`; with `image_output`
    its (batch, height, width, channels) output is given channels first too.

    Example:
        >>> inner = keras.Sequential([keras.Input((4, 6, 3)), keras.layers.Conv2D(2, 1)])
        >>> channels_first(inner, (3, 4, 6), image_output=True).output_shape
        (None, 2, 4, 6)
    """
    inputs = keras.Input(tuple(input_size))
    outputs = model(keras.layers.Permute((2, 3, 1))(inputs))
    if image_output:
        outputs = keras.layers.Permute((3, 1, 2))(outputs)
    return keras.Model(inputs, outputs, name=model.name)


def _channels_last(input_size):
    channels, height, width = input_size
    return (height, width, channels)


def LeNet(input_shape=(1, 28, 28), classes=10):  # noqa: N802 - a model, named like a class
    """FastEstimator's PyTorch `LeNet(input_shape, classes)`, channels first, softmax output."""
    return channels_first(lenet.LeNet(input_shape=_channels_last(input_shape), classes=classes), input_shape)


def ResNet9(input_size=(3, 32, 32), classes=10):  # noqa: N802 - a model, named like a class
    """FastEstimator's PyTorch `ResNet9(input_size, classes)`, channels first, softmax output."""
    return channels_first(resnet9.ResNet9(input_shape=_channels_last(input_size), classes=classes), input_size)


def UNet(input_size=(1, 128, 128), output_channel=1):  # noqa: N802 - a model, named like a class
    """FastEstimator's PyTorch `UNet(input_size, output_channel)`, channels-first images and masks."""
    model = unet.UNet(input_shape=_channels_last(input_size), classes=output_channel)
    return channels_first(model, input_size, image_output=True)


def AttentionUNet(input_size=(1, 128, 128)):  # noqa: N802 - a model, named like a class
    """FastEstimator's PyTorch `AttentionUNet(input_size)`, channels-first images and masks."""
    model = attention_unet.AttentionUNet(input_size=_channels_last(input_size))
    return channels_first(model, input_size, image_output=True)


def WideResidualNetwork(depth=28, classes=10, widen_factor=10, dropout=0.0):  # noqa: N802 - a model
    """FastEstimator's PyTorch `WideResidualNetwork(depth, classes, widen_factor, dropout)`: 3-channel images of
    any size, channels first, logits out (as FastEstimator's PyTorch model)."""
    model = wide_residual_network.WideResidualNetwork((None, None, 3), depth=depth, widen_factor=widen_factor,
                                                      dropout=dropout, classes=classes, activation=None)
    return channels_first(model, (3, None, None))


__all__ = ["AttentionUNet", "LeNet", "ResNet9", "UNet", "WideResidualNetwork"]
