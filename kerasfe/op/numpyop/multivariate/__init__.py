"""Multivariate NumpyOps: an image moved together with its masks, boxes and keypoints."""
from kerasfe.op.numpyop.multivariate.crops import (BBoxSafeRandomCrop, Crop, CropAndPad, CropNonEmptyMaskIfExists,
                                                   LongestMaxSize, RandomCropFromBorders, RandomCropNearBBox,
                                                   RandomScale, RandomSizedBBoxSafeCrop, RandomSizedCrop,
                                                   SmallestMaxSize)
from kerasfe.op.numpyop.multivariate.distortion import (ElasticTransform, GridDistortion, MaskDropout,
                                                        OpticalDistortion, RandomGridShuffle)
from kerasfe.op.numpyop.multivariate.geometric import (Affine, CenterCrop, Flip, HorizontalFlip, PadIfNeeded,
                                                       RandomCrop, RandomResizedCrop, RandomRotate90, Resize, Rotate,
                                                       ShiftScaleRotate, Transpose, VerticalFlip)
from kerasfe.op.numpyop.multivariate.multivariate import MultiVariateAlbumentation
from kerasfe.op.numpyop.multivariate.read_mat import ReadMat

__all__ = ["Affine", "BBoxSafeRandomCrop", "CenterCrop", "Crop", "CropAndPad", "CropNonEmptyMaskIfExists",
           "ElasticTransform", "Flip", "GridDistortion", "HorizontalFlip", "LongestMaxSize", "MaskDropout",
           "MultiVariateAlbumentation", "OpticalDistortion", "PadIfNeeded", "RandomCrop", "RandomCropFromBorders",
           "RandomCropNearBBox", "RandomGridShuffle", "RandomResizedCrop", "RandomRotate90", "RandomScale",
           "RandomSizedBBoxSafeCrop", "RandomSizedCrop", "ReadMat", "Resize", "Rotate", "ShiftScaleRotate",
           "SmallestMaxSize", "Transpose", "VerticalFlip"]
