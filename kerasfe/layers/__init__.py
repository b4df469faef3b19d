"""Keras 3 layers of FastEstimator's `fe.layers` (one class for every backend); `kerasfe.layers.tensorflow` and
`kerasfe.layers.pytorch` hold them under FastEstimator's import paths and signatures."""
from kerasfe.layers.cropping_2d import Cropping2D
from kerasfe.layers.hadamard import HadamardCode
from kerasfe.layers.instance_norm import InstanceNormalization
from kerasfe.layers.reflection_padding_2d import ReflectionPadding2D

__all__ = ["Cropping2D", "HadamardCode", "InstanceNormalization", "ReflectionPadding2D"]
