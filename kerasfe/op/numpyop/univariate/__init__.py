"""Univariate NumpyOps: each input key transformed on its own."""
from kerasfe.op.numpyop.univariate.array_ops import Binarize, ExpandDims, Minmax, Normalize, Onehot, Reshape, ToFloat
from kerasfe.op.numpyop.univariate.image import (Blur, Brightness, CoarseDropout, ColorJitter, Contrast, GaussianNoise,
                                                 Solarize, ToGray)
from kerasfe.op.numpyop.univariate.read_image import ReadImage
from kerasfe.op.numpyop.univariate.text import PadSequence, Tokenize, WordtoId
from kerasfe.op.numpyop.univariate.univariate import BatchableOp, ImageOnlyAlbumentation, UnivariateOp

__all__ = ["BatchableOp", "Binarize", "Blur", "Brightness", "CoarseDropout", "ColorJitter", "Contrast", "ExpandDims",
           "GaussianNoise", "ImageOnlyAlbumentation", "Minmax", "Normalize", "Onehot", "PadSequence", "ReadImage",
           "Reshape", "Solarize", "ToFloat", "ToGray", "Tokenize", "UnivariateOp", "WordtoId"]
