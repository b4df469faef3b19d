"""FastEstimator's `fe.layers.pytorch` path: the Keras 3 layers with FastEstimator's PyTorch signatures (images
channels first, as PyTorch lays them out); they run on every backend."""
import keras

from kerasfe.errors import ConfigError
from kerasfe.layers import cropping_2d, hadamard


@keras.saving.register_keras_serializable(package="kerasfe.pytorch")
class HadamardCode(hadamard.HadamardCode):
    """`HadamardCode` with FastEstimator's PyTorch signature: `in_features` (the width of each input head, an int
    or one per head) comes first; Keras reads it from the inputs and checks it matches.

    Example:
        >>> import numpy as np
        >>> layer = HadamardCode(in_features=3, n_classes=4, code_length=8)
        >>> keras.ops.convert_to_numpy(layer(np.ones((2, 3), "float32"))).shape
        (2, 4)
    """

    def __init__(self, in_features, n_classes, code_length=None, max_prob=0.95, power=1.0, **kwargs):
        super().__init__(n_classes=n_classes, code_length=code_length, max_prob=max_prob, power=power, **kwargs)
        self.in_features = in_features

    def build(self, input_shape):
        super().build(input_shape)
        shapes = [input_shape] if self.single_input else list(input_shape)
        expected = [self.in_features] * len(shapes) if isinstance(self.in_features, int) else list(self.in_features)
        if [shape[-1] for shape in shapes] != expected:
            raise ConfigError(f"HadamardCode: in_features={self.in_features}, but the input heads have "
                              f"{[shape[-1] for shape in shapes]} features")

    def get_config(self):
        return {**super().get_config(), "in_features": self.in_features}


@keras.saving.register_keras_serializable(package="kerasfe.pytorch")
class Cropping2D(cropping_2d.Cropping2D):
    """`Cropping2D` on channels-first images (batch, channels, height, width), as FastEstimator's PyTorch layer.

    Example:
        >>> import numpy as np
        >>> x = np.arange(100).reshape(1, 1, 10, 10)
        >>> keras.ops.convert_to_numpy(Cropping2D((3, 4))(x))[0, 0].tolist()
        [[34, 35], [44, 45], [54, 55], [64, 65]]
    """

    def __init__(self, cropping=0, **kwargs):
        kwargs.setdefault("data_format", "channels_first")
        super().__init__(cropping=cropping, **kwargs)


__all__ = ["Cropping2D", "HadamardCode"]
