"""A dense network for tabular data (e.g. the 30 features of the breast-cancer data set)."""
import keras


def DNN(input_features=30, hidden_units=(32, 16), dropout=0.5, classes=1, name="dnn"):  # noqa: N802 - a model
    """Dense(ReLU) -> Dropout per hidden layer, then one sigmoid unit (`classes=1`) or a softmax.

    Args:
        input_features: the number of features per sample.
        hidden_units: the width of each hidden layer.
        dropout: the dropout rate after each hidden layer (0 for none).
        classes: 1 for a binary probability (sigmoid), more for softmax class probabilities.
        name: the model's name.

    Example:
        >>> DNN(input_features=30).output_shape
        (None, 1)
    """
    layers = [keras.Input((input_features,))]
    for units in hidden_units:
        layers.append(keras.layers.Dense(units, activation="relu"))
        if dropout:
            layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(classes, activation="sigmoid" if classes == 1 else "softmax"))
    return keras.Sequential(layers, name=name)
