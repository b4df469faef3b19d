"""Multivariate NumpyOps: an image moved together with its masks, boxes and keypoints."""
from kerasfe.op.numpyop.multivariate.geometric import (Affine, CenterCrop, HorizontalFlip, PadIfNeeded, RandomCrop,
                                                       RandomResizedCrop, Resize, Rotate, ShiftScaleRotate,
                                                       VerticalFlip)
from kerasfe.op.numpyop.multivariate.multivariate import MultiVariateAlbumentation

__all__ = ["Affine", "CenterCrop", "HorizontalFlip", "MultiVariateAlbumentation", "PadIfNeeded", "RandomCrop",
           "RandomResizedCrop", "Resize", "Rotate", "ShiftScaleRotate", "VerticalFlip"]
