"""Univariate NumpyOps: each input key transformed on its own."""
from kerasfe.op.numpyop.univariate.array_ops import (Binarize, Calibrate, ChannelTranspose, ExpandDims, Hadamard,
                                                     Minmax, Normalize, Onehot, Reshape, ToArray, ToFloat)
from kerasfe.op.numpyop.univariate.domain import FDA, HistogramMatching, PixelDistributionAdaptation
from kerasfe.op.numpyop.univariate.image import (Blur, Brightness, CoarseDropout, ColorJitter, Contrast, GaussianNoise,
                                                 Solarize, ToGray)
from kerasfe.op.numpyop.univariate.pillow import (AutoContrast, Color, PillowOp, Sharpness, ShearX, ShearY, TranslateX,
                                                  TranslateY)
from kerasfe.op.numpyop.univariate.pixel import (CLAHE, ChannelDropout, ChannelShuffle, Defocus, Downscale, Equalize,
                                                 FromFloat, GaussianBlur, HueSaturationValue, ImageCompression,
                                                 InvertImg, ISONoise, MedianBlur, MotionBlur, MultiplicativeNoise,
                                                 Posterize, RandomBrightnessContrast, RandomGamma, RGBShift, ToSepia,
                                                 ZoomBlur)
from kerasfe.op.numpyop.univariate.read_image import ReadImage
from kerasfe.op.numpyop.univariate.rua import RUA
from kerasfe.op.numpyop.univariate.shapes import RandomShapes
from kerasfe.op.numpyop.univariate.text import PadSequence, Tokenize, WordtoId
from kerasfe.op.numpyop.univariate.univariate import (AlbumentationOp, BatchableOp, ImageOnlyAlbumentation,
                                                      UnivariateOp)
from kerasfe.op.numpyop.univariate.weather import RandomFog, RandomRain, RandomShadow, RandomSnow, RandomSunFlare

__all__ = ["AlbumentationOp", "AutoContrast", "BatchableOp", "Binarize", "Blur", "Brightness", "CLAHE", "Calibrate",
           "ChannelDropout", "ChannelShuffle", "ChannelTranspose", "CoarseDropout", "Color", "ColorJitter",
           "Contrast", "Defocus", "Downscale", "Equalize", "ExpandDims", "FDA", "FromFloat", "GaussianBlur",
           "GaussianNoise", "Hadamard", "HistogramMatching", "HueSaturationValue", "ISONoise", "ImageCompression",
           "ImageOnlyAlbumentation", "InvertImg", "MedianBlur", "Minmax", "MotionBlur", "MultiplicativeNoise",
           "Normalize", "Onehot", "PadSequence", "PillowOp", "PixelDistributionAdaptation", "Posterize", "RGBShift",
           "RUA", "RandomBrightnessContrast", "RandomFog", "RandomGamma", "RandomRain", "RandomShadow",
           "RandomShapes", "RandomSnow", "RandomSunFlare", "ReadImage", "Reshape", "Sharpness", "ShearX", "ShearY",
           "Solarize", "ToArray", "ToFloat", "ToGray", "ToSepia", "Tokenize", "TranslateX", "TranslateY",
           "UnivariateOp", "WordtoId", "ZoomBlur"]
