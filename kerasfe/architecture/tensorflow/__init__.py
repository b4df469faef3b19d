"""FastEstimator's `fe.architecture.tensorflow` path: its models with its signatures (images channels last), as
Keras 3 models that run on every backend.

Example:
    >>> LeNet(input_shape=(28, 28, 1), classes=10).output_shape
    (None, 10)
"""
from kerasfe.architecture import resnet9, unet
from kerasfe.architecture.attention_unet import AttentionUNet
from kerasfe.architecture.lenet import LeNet
from kerasfe.architecture.wide_residual_network import WideResidualNetwork


def ResNet9(input_size=(32, 32, 3), classes=10):  # noqa: N802 - a model, named like a class
    """FastEstimator's `ResNet9(input_size, classes)`: `kerasfe.architecture.ResNet9` (64 filters, softmax)."""
    return resnet9.ResNet9(input_shape=input_size, classes=classes)


def UNet(input_size=(128, 128, 1), output_channel=1):  # noqa: N802 - a model, named like a class
    """FastEstimator's `UNet(input_size, output_channel)`: `kerasfe.architecture.UNet` (64 filters, depth 4,
    sigmoid masks)."""
    return unet.UNet(input_shape=input_size, classes=output_channel)


__all__ = ["AttentionUNet", "LeNet", "ResNet9", "UNet", "WideResidualNetwork"]
