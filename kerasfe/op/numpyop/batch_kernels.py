"""Whole-batch numpy forms of albumentations' crop, pad and cutout, with parameters per sample.

A batch is an array (B, H, W[, C]). Each function gives, for every sample, what the albumentations
transform gives on that sample for the same parameters (tests compare them), in a few numpy calls
for the whole batch instead of one transform call per sample.
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def crop_batch(images, tops, lefts, height, width):
    """Sample i cropped to rows tops[i]:tops[i] + height and columns lefts[i]:lefts[i] + width.

    Example:
        >>> import numpy as np
        >>> images = np.arange(32).reshape(2, 4, 4)
        >>> crop_batch(images, tops=np.array([0, 2]), lefts=np.array([1, 0]), height=2, width=2).tolist()
        [[[1, 2], [5, 6]], [[24, 25], [28, 29]]]
    """
    windows = sliding_window_view(images, (height, width), axis=(1, 2))  # (B, H', W', [C,] height, width)
    picked = windows[np.arange(len(images)), np.asarray(tops), np.asarray(lefts)]  # (B, [C,] height, width)
    return np.ascontiguousarray(np.moveaxis(picked, (-2, -1), (1, 2)))


def pad_batch(images, top, bottom, left, right, fill):
    """Every sample padded by (top, bottom) rows and (left, right) columns of `fill` (a value or one per channel).

    Example:
        >>> import numpy as np
        >>> pad_batch(np.ones((1, 1, 2), "uint8"), top=1, bottom=0, left=0, right=1, fill=7).tolist()
        [[[7, 7, 7], [1, 1, 7]]]
    """
    batch, rows, cols = images.shape[:3]
    out = np.empty((batch, rows + top + bottom, cols + left + right) + images.shape[3:], images.dtype)
    out[...] = np.asarray(fill, images.dtype)
    out[:, top:top + rows, left:left + cols] = images
    return out


def cutout_batch(images, holes, fill):
    """Every sample with its holes set to `fill` (a value or one per channel).

    `holes` is (B, K, 4): per sample up to K rectangles (x_min, y_min, x_max, y_max), as albumentations
    writes them; an empty rectangle (e.g. x_min == x_max) is no hole, so samples may have fewer than K.

    Example:
        >>> import numpy as np
        >>> holes = np.array([[[0, 0, 1, 2]], [[0, 0, 0, 0]]])
        >>> cutout_batch(np.ones((2, 2, 2), "uint8"), holes, fill=0).tolist()
        [[[0, 1], [0, 1]], [[1, 1], [1, 1]]]
    """
    holes = np.asarray(holes)
    rows, cols = np.arange(images.shape[1]), np.arange(images.shape[2])
    in_rows = (rows >= holes[..., 1, None]) & (rows < holes[..., 3, None])  # (B, K, H)
    in_cols = (cols >= holes[..., 0, None]) & (cols < holes[..., 2, None])  # (B, K, W)
    hit = (in_rows[:, :, :, None] & in_cols[:, :, None, :]).any(axis=1)  # (B, H, W)
    out = images.copy()
    out[hit] = np.asarray(fill, images.dtype)
    return out
