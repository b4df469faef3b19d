"""Cropping2D with FastEstimator's signature (`fe.layers.pytorch.Cropping2D`) on Keras's Cropping2D."""
import keras


@keras.saving.register_keras_serializable(package="kerasfe")
class Cropping2D(keras.layers.Cropping2D):
    """Crops the height and width of images.

    Args:
        cropping: n (n off every side), (h, w) (h off the top and bottom, w off the left and right), or
            ((top, bottom), (left, right)).
        data_format: "channels_last" (batch, height, width, channels), "channels_first" (batch, channels,
            height, width) or None (Keras's image data format).

    Example:
        >>> import numpy as np
        >>> x = np.arange(100).reshape(1, 10, 10, 1)
        >>> keras.ops.convert_to_numpy(Cropping2D(((1, 4), 4))(x))[0, :, :, 0].tolist()
        [[14, 15], [24, 25], [34, 35], [44, 45], [54, 55]]
    """

    def __init__(self, cropping=0, data_format=None, **kwargs):
        super().__init__(cropping=cropping, data_format=data_format, **kwargs)
