"""ResNet9: the fast CIFAR-10 residual network (DAWNBench "cifar10_fast")."""
import keras


def ResNet9(input_shape=(32, 32, 3), classes=10, filters=64, name="resnet9"):  # noqa: N802 - a model
    """Prep conv, three stages (two of them with a residual block), global max-pool, softmax output.

    Each conv block is Conv(3x3) -> BatchNorm -> LeakyReLU(0.1); stages 1-3 end with a 2x2 max-pool
    and double the width (`filters`, 2x, 4x, 8x).

    Args:
        input_shape: (height, width, channels) of the images.
        classes: the number of output classes (softmax probabilities).
        filters: the width of the first conv block (64 in the original; smaller for quick runs).
        name: the model's name.

    Example:
        >>> model = ResNet9(input_shape=(32, 32, 3), classes=10, filters=8)
        >>> model.output_shape
        (None, 10)
    """
    inputs = keras.Input(input_shape)
    x = _conv_block(inputs, filters)
    x = _conv_block(x, filters * 2, pool=True)
    x = x + _conv_block(_conv_block(x, filters * 2), filters * 2)
    x = _conv_block(x, filters * 4, pool=True)
    x = _conv_block(x, filters * 8, pool=True)
    x = x + _conv_block(_conv_block(x, filters * 8), filters * 8)
    x = keras.layers.GlobalMaxPooling2D()(x)
    outputs = keras.layers.Dense(classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name=name)


def _conv_block(x, filters, pool=False):
    x = keras.layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    x = keras.layers.BatchNormalization(momentum=0.8)(x)
    x = keras.layers.LeakyReLU(0.1)(x)
    return keras.layers.MaxPooling2D(2)(x) if pool else x
