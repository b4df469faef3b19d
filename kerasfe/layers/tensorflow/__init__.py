"""FastEstimator's `fe.layers.tensorflow` path: the Keras 3 layers, which run on every backend (channels last)."""
from kerasfe.layers.hadamard import HadamardCode
from kerasfe.layers.instance_norm import InstanceNormalization
from kerasfe.layers.reflection_padding_2d import ReflectionPadding2D

__all__ = ["HadamardCode", "InstanceNormalization", "ReflectionPadding2D"]
