"""UNet: an encoder-decoder with skip connections for per-pixel segmentation."""
import keras

from kerasfe.errors import ConfigError

OUTPUT_ACTIVATIONS = ("sigmoid", "softmax")


def UNet(input_shape=(128, 128, 1), classes=1, filters=64, depth=4, activation="sigmoid",  # noqa: N802
         name="unet"):
    """Per-pixel class scores of an image: `depth` down-sampling stages, a bottleneck, `depth` up-sampling
    stages whose inputs are concatenated with the encoder's features of the same size.

    Each stage is two Conv(3x3, ReLU) layers; widths double on the way down (`filters` ... `filters *
    2**depth` at the bottleneck) and halve on the way up.

    Args:
        input_shape: (height, width, channels); height and width must be multiples of `2**depth`.
        classes: output channels (1 for a binary mask with "sigmoid").
        filters: the width of the first stage (64 in the original).
        depth: how many times the image is halved.
        activation: "sigmoid" (independent per-class probabilities) or "softmax" (over the classes).
        name: the model's name.

    Example:
        >>> model = UNet(input_shape=(32, 32, 3), classes=2, filters=4, depth=2, activation="softmax")
        >>> model.output_shape
        (None, 32, 32, 2)
    """
    if activation not in OUTPUT_ACTIVATIONS:
        raise ConfigError(f"UNet: activation must be one of {OUTPUT_ACTIVATIONS}; got {activation!r}")
    if any(size is not None and size % 2 ** depth for size in input_shape[:2]):
        raise ConfigError(f"UNet: height and width must be multiples of 2**depth = {2 ** depth}; "
                          f"got input_shape {tuple(input_shape)}")
    inputs = keras.Input(input_shape)
    x, skips = inputs, []
    for level in range(depth):
        x = _double_conv(x, filters * 2 ** level)
        skips.append(x)
        x = keras.layers.MaxPooling2D(2)(x)
    x = _double_conv(x, filters * 2 ** depth)
    for level in reversed(range(depth)):
        x = keras.layers.Conv2DTranspose(filters * 2 ** level, 2, strides=2, padding="same")(x)
        x = _double_conv(keras.layers.Concatenate()([skips[level], x]), filters * 2 ** level)
    outputs = keras.layers.Conv2D(classes, 1, activation=activation)(x)
    return keras.Model(inputs, outputs, name=name)


def _double_conv(x, filters):
    x = keras.layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    return keras.layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
