"""FastEstimator's `fe.backend` loss functions, written once with `keras.ops` (channels-last on every backend).
The loss ops of `kerasfe.op.tensorop.loss` compute their losses with these functions.

Example:
    >>> import keras, numpy as np
    >>> round(float(binary_crossentropy(keras.ops.convert_to_tensor([0.5, 0.5]), np.array([1.0, 0.0]))), 4)
    0.6931
"""
import math

import keras
import numpy as np

from kerasfe.errors import ConfigError

REDUCTIONS = ("none", "mean", "sum")


def _mean_per_sample(values):
    """The mean over every axis but the first (one value per sample)."""
    if len(values.shape) <= 1:
        return values
    return keras.ops.mean(values, axis=tuple(range(1, len(values.shape))))


def _class_weighted(loss, classes, class_weights):
    """`loss` times each element's class weight (`class_weights`: {class id: weight}; other classes weigh 1)."""
    if not class_weights:
        return loss
    weights = keras.ops.ones_like(loss)
    classes = keras.ops.reshape(classes, keras.ops.shape(loss))
    for key, weight in class_weights.items():
        weights = keras.ops.where(classes == key, weight, weights)
    return loss * weights


def _reduce(loss, average_loss):
    per_sample = _mean_per_sample(loss)
    return keras.ops.mean(per_sample) if average_loss else per_sample


def binary_crossentropy(y_pred, y_true, from_logits=False, average_loss=True, class_weights=None, *,
                        label_smoothing=0.0):
    """Binary cross-entropy of 0/1 labels `y_true` (reshaped to `y_pred`'s shape), averaged per sample; with
    `average_loss` the batch mean. `class_weights` ({0: w0, 1: w1}) weighs each element by its label;
    `label_smoothing` (kerasfe's addition) moves the labels towards 0.5.

    Example:
        >>> import keras, numpy as np
        >>> pred = keras.ops.convert_to_tensor([[0.9], [0.3], [0.8], [0.1]])
        >>> true = np.array([[1.0], [0.0], [1.0], [0.0]])
        >>> print(np.round(keras.ops.convert_to_numpy(binary_crossentropy(pred, true, average_loss=False,
        ...                                                                class_weights={0: 1.0, 1: 2.0})), 3))
        [0.211 0.357 0.446 0.105]
    """
    y_true = keras.ops.reshape(keras.ops.cast(y_true, y_pred.dtype), keras.ops.shape(y_pred))
    target = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing if label_smoothing else y_true
    loss = keras.ops.binary_crossentropy(target, y_pred, from_logits=from_logits)
    return _reduce(_class_weighted(loss, y_true, class_weights), average_loss)


def categorical_crossentropy(y_pred, y_true, from_logits=False, average_loss=True, class_weights=None, *,
                             label_smoothing=0.0):
    """Categorical cross-entropy of one-hot (or soft) labels shaped like `y_pred` (classes on the last axis), one
    value per sample (averaged over any other axes); with `average_loss` the batch mean. `class_weights` weighs
    each sample by its label's class (the argmax); `label_smoothing` is kerasfe's addition.

    Example:
        >>> import keras, numpy as np
        >>> pred = keras.ops.convert_to_tensor([[0.1, 0.8, 0.1], [0.9, 0.05, 0.05], [0.1, 0.2, 0.7]])
        >>> true = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 1]])
        >>> print(np.round(keras.ops.convert_to_numpy(categorical_crossentropy(
        ...     pred, true, average_loss=False, class_weights={1: 2.0, 2: 3.0})), 3))
        [0.446 0.105 1.07 ]
    """
    y_true = keras.ops.cast(y_true, y_pred.dtype)
    target = y_true
    if label_smoothing:
        target = y_true * (1.0 - label_smoothing) + label_smoothing / y_pred.shape[-1]
    loss = keras.ops.categorical_crossentropy(target, y_pred, from_logits=from_logits)
    return _reduce(_class_weighted(loss, keras.ops.argmax(y_true, axis=-1), class_weights), average_loss)


def sparse_categorical_crossentropy(y_pred, y_true, from_logits=False, average_loss=True, class_weights=None):
    """Cross-entropy of integer class labels (shape `y_pred.shape[:-1]`, or with a trailing 1), one value per
    sample; with `average_loss` the batch mean. `class_weights` weighs each label by its class.

    Example:
        >>> import keras, numpy as np
        >>> pred = keras.ops.convert_to_tensor([[0.1, 0.8, 0.1], [0.9, 0.05, 0.05], [0.1, 0.2, 0.7]])
        >>> print(np.round(keras.ops.convert_to_numpy(sparse_categorical_crossentropy(
        ...     pred, np.array([[1], [0], [2]]), average_loss=False, class_weights={1: 2.0, 2: 3.0})), 3))
        [0.446 0.105 1.07 ]
    """
    y_true = keras.ops.reshape(keras.ops.cast(y_true, "int32"), keras.ops.shape(y_pred)[:-1])
    loss = keras.ops.sparse_categorical_crossentropy(y_true, y_pred, from_logits=from_logits)
    return _reduce(_class_weighted(loss, y_true, class_weights), average_loss)


def dice_terms(y_pred, y_true, axes, soft_dice=False):
    """The Dice score's numerator `sum(p * t)` and denominator `sum(p) + sum(t)` (of squares with `soft_dice`)
    over `axes`: the one computation of kerasfe's Dice loss ops and `dice_score`.

    Example:
        >>> import numpy as np
        >>> [float(v) for v in dice_terms(np.array([[1.0, 0.5]]), np.array([[1.0, 1.0]]), axes=(0, 1))]
        [1.5, 3.5]
    """
    y_pred = keras.ops.convert_to_tensor(y_pred)
    y_true = keras.ops.cast(y_true, y_pred.dtype)
    numerator = keras.ops.sum(y_pred * y_true, axis=axes)
    if soft_dice:
        return numerator, keras.ops.sum(y_pred * y_pred, axis=axes) + keras.ops.sum(y_true * y_true, axis=axes)
    return numerator, keras.ops.sum(y_pred, axis=axes) + keras.ops.sum(y_true, axis=axes)


def dice_score(y_pred, y_true, soft_dice=False, sample_average=False, channel_average=False, channel_weights=None,
               mask_overlap=True, threshold=None, empty_nan=False, epsilon=1e-6):
    """Dice score `2 * sum(p * t) / (sum(p) + sum(t) + epsilon)` per sample and channel of channels-last masks
    (batch, ..., channels), summed over the spatial axes.

    Args:
        soft_dice: square the terms of the denominator.
        sample_average: average over the batch.
        channel_average: average over the channels.
        channel_weights: per-channel factors (shape (channels,) or (1, channels)).
        mask_overlap: False keeps, at each position, only the channel(s) with the largest prediction.
        threshold: binarize predictions at it (`> threshold`) first.
        empty_nan: NaN where prediction and label are both empty.

    Example:
        >>> import numpy as np
        >>> true = np.array([[[[0, 1, 1], [1, 0, 1]], [[0, 0, 1], [1, 1, 0]]]], "float32")
        >>> pred = np.array([[[[0, 1, 0], [1, 0, 0]], [[0, 0, 1], [1, 1, 1]]]], "float32")
        >>> print(np.round(dice_score(pred, true), 4))
        [[1.  1.  0.4]]
        >>> print(np.round(dice_score(pred, true, channel_average=True), 4))
        [0.8]
    """
    source = y_pred
    y_pred = keras.ops.convert_to_tensor(y_pred)
    y_true = keras.ops.cast(y_true, y_pred.dtype)
    spatial = tuple(range(1, len(y_pred.shape) - 1))
    if not mask_overlap:
        y_pred = keras.ops.where(y_pred >= keras.ops.max(y_pred, axis=-1, keepdims=True), y_pred, 0.0)
    if threshold is not None:
        y_pred = keras.ops.cast(y_pred > threshold, y_true.dtype)
    numerator, denominator = dice_terms(y_pred, y_true, spatial, soft_dice)
    dice = 2.0 * numerator / (denominator + epsilon)
    if channel_weights is not None:
        dice = dice * keras.ops.reshape(keras.ops.cast(channel_weights, dice.dtype), (-1,))
    if empty_nan:
        empty = keras.ops.max(y_true, axis=spatial) + keras.ops.max(y_pred, axis=spatial) < 1e-4
        dice = keras.ops.where(empty, math.nan, dice)
    if channel_average:
        dice = keras.ops.mean(dice, axis=-1)
    if sample_average:
        dice = keras.ops.mean(dice, axis=0)
    return keras.ops.convert_to_numpy(dice) if isinstance(source, np.ndarray) else dice


def _check_reduction(name, value):
    if value not in REDUCTIONS:
        raise ConfigError(f"focal_loss: {name} must be one of {REDUCTIONS}; got '{value}'")


def focal_loss(y_true, y_pred, gamma=2.0, alpha=0.25, from_logits=False, normalize=True, shape_reduction="sum",
               sample_reduction="mean", label_smoothing=0.0):
    """Focal loss (Lin et al. 2017, as RetinaNet and fvcore compute it) of 0/1 labels shaped like `y_pred`: per
    element `alpha_t * (1 - p_t) ** gamma * bce`, `alpha_t` = `alpha` for positives and `1 - alpha` for negatives
    (`alpha` None or negative: no class balancing).

    Args:
        normalize: divide each sample's loss by its number of positive labels (at least 1).
        shape_reduction: "sum", "mean" or "none" over each sample's elements.
        sample_reduction: "mean", "sum" or "none" over the batch.
        label_smoothing: moves the labels towards 0.5.

    Example:
        >>> import keras, numpy as np
        >>> true = np.array([[1.0], [0.0], [1.0], [0.0]])
        >>> pred = keras.ops.convert_to_tensor([[0.9], [0.3], [0.8], [0.1]])
        >>> round(float(focal_loss(true, pred, gamma=0.0, alpha=None, normalize=False)), 4)  # plain BCE
        0.1976
    """
    if gamma is None or gamma < 0:
        raise ConfigError(f"focal_loss: gamma must be >= 0; got {gamma}")
    if alpha is not None and alpha > 1:
        raise ConfigError(f"focal_loss: alpha must be in [0, 1], or None / negative for no class balancing; "
                          f"got {alpha}")
    _check_reduction("shape_reduction", shape_reduction)
    _check_reduction("sample_reduction", sample_reduction)
    y_pred = keras.ops.convert_to_tensor(y_pred)
    y_true = keras.ops.cast(y_true, y_pred.dtype)
    target = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing if label_smoothing else y_true
    probability = keras.ops.sigmoid(y_pred) if from_logits else y_pred
    bce = keras.ops.binary_crossentropy(target, y_pred, from_logits=from_logits)
    p_t = target * probability + (1 - target) * (1 - probability)
    loss = keras.ops.power(1.0 - p_t, gamma) * bce
    if alpha is not None and alpha >= 0:
        loss = (target * alpha + (1 - target) * (1 - alpha)) * loss
    axes = tuple(range(1, len(loss.shape)))
    if normalize:
        positives = keras.ops.maximum(keras.ops.sum(y_true, axis=tuple(range(1, len(y_true.shape)))), 1.0)
        loss = loss / keras.ops.reshape(positives, (-1,) + (1,) * len(axes))
    if shape_reduction == "sum":
        loss = keras.ops.sum(loss, axis=axes)
    elif shape_reduction == "mean":
        loss = keras.ops.mean(loss, axis=axes)
    if sample_reduction == "mean":
        return keras.ops.mean(loss)
    return keras.ops.sum(loss) if sample_reduction == "sum" else loss


def _last_axis_mean(elementwise, y_true, y_pred):
    """`elementwise(error)` of `y_pred - y_true` averaged over the last axis (rank-1 inputs: one value each)."""
    y_pred = keras.ops.convert_to_tensor(y_pred)
    error = y_pred - keras.ops.cast(y_true, y_pred.dtype)
    if len(error.shape) == 1:
        error = keras.ops.expand_dims(error, -1)
    return keras.ops.mean(elementwise(error), axis=-1)


def hinge(y_true, y_pred):
    """Hinge loss `mean(max(0, 1 - y_true * y_pred))` over the last axis, labels -1 / 1.

    Example:
        >>> import keras, numpy as np
        >>> pred = keras.ops.convert_to_tensor([[0.2, -0.6], [0.4, 0.9]])
        >>> print(np.round(keras.ops.convert_to_numpy(hinge(np.array([[1.0, -1.0], [-1.0, 1.0]]), pred)), 3))
        [0.6  0.75]
    """
    y_pred = keras.ops.convert_to_tensor(y_pred)
    margin = 1.0 - keras.ops.cast(y_true, y_pred.dtype) * y_pred
    return keras.ops.mean(keras.ops.maximum(margin, 0.0), axis=-1)


def _check_beta(name, beta):
    if beta <= 0:
        raise ConfigError(f"{name}: beta must be positive; got {beta}")


def huber(y_true, y_pred, beta=1.0):
    """Huber loss over the last axis: `0.5 d ** 2` where `|d| < beta`, else `beta * (|d| - 0.5 beta)`.

    Example:
        >>> import keras, numpy as np
        >>> pred = keras.ops.convert_to_tensor([[0.5, 3.0]])
        >>> keras.ops.convert_to_numpy(huber(np.zeros((1, 2)), pred)).tolist()
        [1.3125]
    """
    _check_beta("huber", beta)

    def elementwise(error):
        error = keras.ops.abs(error)
        return keras.ops.where(error < beta, 0.5 * keras.ops.square(error), beta * (error - 0.5 * beta))

    return _last_axis_mean(elementwise, y_true, y_pred)


def l1_loss(y_true, y_pred):
    """Mean absolute error over the last axis.

    Example:
        >>> import keras, numpy as np
        >>> keras.ops.convert_to_numpy(l1_loss(np.zeros((2, 2)), keras.ops.convert_to_tensor([[1.0, -3.0],
        ...                                                                                   [0.5, 0.5]]))).tolist()
        [2.0, 0.5]
    """
    return _last_axis_mean(keras.ops.abs, y_true, y_pred)


def mean_squared_error(y_true, y_pred):
    """Mean squared error over the last axis.

    Example:
        >>> import keras, numpy as np
        >>> keras.ops.convert_to_numpy(mean_squared_error(np.zeros((2, 2)), keras.ops.convert_to_tensor(
        ...     [[1.0, -3.0], [0.0, 2.0]]))).tolist()
        [5.0, 2.0]
    """
    return _last_axis_mean(keras.ops.square, y_true, y_pred)


def smooth_l1_loss(y_true, y_pred, beta=1.0):
    """Smooth L1 loss over the last axis: `0.5 d ** 2 / beta` where `|d| < beta`, else `|d| - 0.5 beta`.

    Example:
        >>> import keras, numpy as np
        >>> keras.ops.convert_to_numpy(smooth_l1_loss(np.zeros((1, 2)), keras.ops.convert_to_tensor(
        ...     [[0.5, 3.0]]))).tolist()
        [1.3125]
    """
    _check_beta("smooth_l1_loss", beta)

    def elementwise(error):
        error = keras.ops.abs(error)
        return keras.ops.where(error < beta, 0.5 * keras.ops.square(error) / beta, error - 0.5 * beta)

    return _last_axis_mean(elementwise, y_true, y_pred)
