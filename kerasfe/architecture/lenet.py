"""LeNet: a small convolutional classifier."""
import keras


def LeNet(input_shape=(28, 28, 1), classes=10, name="lenet"):  # noqa: N802 - a model, named like a class
    """LeNet-style convnet (3 conv layers, 2 max-pools, 2 dense layers) with softmax output.

    Example:
        >>> LeNet(input_shape=(28, 28, 1), classes=10).output_shape
        (None, 10)
    """
    return keras.Sequential([
        keras.Input(input_shape),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(64, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(64, 3, activation="relu"),
        keras.layers.Flatten(),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(classes, activation="softmax"),
    ], name=name)
