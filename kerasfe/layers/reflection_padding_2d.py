"""ReflectionPadding2D (FastEstimator's `fe.layers.tensorflow.ReflectionPadding2D`)."""
import keras


@keras.saving.register_keras_serializable(package="kerasfe")
class ReflectionPadding2D(keras.layers.Layer):
    """Pads (batch, height, width, channels) images by mirroring them at their borders.

    Args:
        padding: (width padding, height padding) added on each side, as in FastEstimator, or one int for both;
            each must be smaller than the dimension it pads.

    Example:
        >>> import numpy as np
        >>> x = np.arange(9, dtype="float32").reshape(1, 3, 3, 1)
        >>> keras.ops.convert_to_numpy(ReflectionPadding2D((1, 0))(x))[0, :, :, 0].tolist()
        [[1.0, 0.0, 1.0, 2.0, 1.0], [4.0, 3.0, 4.0, 5.0, 4.0], [7.0, 6.0, 7.0, 8.0, 7.0]]
    """

    def __init__(self, padding=(1, 1), **kwargs):
        super().__init__(**kwargs)
        self.padding = (padding, padding) if isinstance(padding, int) else tuple(padding)
        self.input_spec = keras.layers.InputSpec(ndim=4)

    def call(self, inputs):
        width, height = self.padding
        return keras.ops.pad(inputs, [[0, 0], [height, height], [width, width], [0, 0]], mode="reflect")

    def compute_output_shape(self, input_shape):
        width, height = self.padding
        batch, rows, columns, channels = input_shape
        return (batch, None if rows is None else rows + 2 * height,
                None if columns is None else columns + 2 * width, channels)

    def get_config(self):
        return {**super().get_config(), "padding": self.padding}
