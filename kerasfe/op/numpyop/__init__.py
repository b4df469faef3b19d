"""NumpyOps: per-sample (and optionally per-batch) numpy transforms that run in the Pipeline."""
from kerasfe.op.numpyop.batch import Batch
from kerasfe.op.numpyop.meta import Fuse, MetaOp, OneOf, Repeat, Sometimes
from kerasfe.op.numpyop.multivariate import (Affine, CenterCrop, HorizontalFlip, MultiVariateAlbumentation,
                                             PadIfNeeded, RandomCrop, RandomResizedCrop, Resize, Rotate,
                                             ShiftScaleRotate, VerticalFlip)
from kerasfe.op.numpyop.numpyop import Delete, LambdaOp, NumpyOp, RemoveIf, forward_numpyop
from kerasfe.op.numpyop.univariate import (BatchableOp, Binarize, Blur, Brightness, CoarseDropout, ColorJitter,
                                           Contrast, ExpandDims, GaussianNoise, ImageOnlyAlbumentation, Minmax,
                                           Normalize, Onehot, PadSequence, ReadImage, Reshape, Solarize, ToFloat,
                                           ToGray, Tokenize, UnivariateOp, WordtoId)

__all__ = ["Affine", "Batch", "BatchableOp", "Binarize", "Blur", "Brightness", "CenterCrop", "CoarseDropout",
           "ColorJitter", "Contrast", "Delete", "ExpandDims", "Fuse", "GaussianNoise", "HorizontalFlip",
           "ImageOnlyAlbumentation", "LambdaOp", "MetaOp", "Minmax", "MultiVariateAlbumentation", "Normalize",
           "NumpyOp", "Onehot", "OneOf", "PadIfNeeded", "PadSequence", "RandomCrop", "RandomResizedCrop", "ReadImage",
           "RemoveIf", "Repeat", "Reshape", "Resize", "Rotate", "ShiftScaleRotate", "Solarize", "Sometimes",
           "ToFloat", "ToGray", "Tokenize", "UnivariateOp", "VerticalFlip", "WordtoId", "forward_numpyop"]
