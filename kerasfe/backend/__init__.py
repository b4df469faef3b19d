"""Per-backend step functions: the only package that imports tensorflow, jax or torch, and only lazily.

Each backend module provides `train_step`, `test_step` and `predict_step`, taking the Network and
the arguments Keras's trainer of that backend passes (`data` for TensorFlow and PyTorch,
`state, data` for JAX). They differ only in how gradients are taken and how state is threaded;
the op list, the optimizer updates and the logs are the Network's, written once.

It also holds FastEstimator's `fe.backend` functions (`kerasfe.backend.reduce_mean`, `focal_loss`, `get_lr`, ...),
written with `keras.ops` in `tensor_functions`, `loss_functions` and `model_functions`.

Example:
    >>> import keras
    >>> current().__name__.rsplit(".", 1)[-1] == keras.backend.backend() + "_backend"
    True
"""
import importlib

import keras

from kerasfe.backend.loss_functions import (binary_crossentropy, categorical_crossentropy, dice_score, focal_loss,
                                            hinge, huber, l1_loss, mean_squared_error, smooth_l1_loss,
                                            sparse_categorical_crossentropy)
from kerasfe.backend.model_functions import (feed_forward, get_gradient, get_lr, l2_regularization, load_model,
                                             save_model, set_lr, update_model, watch)
from kerasfe.backend.tensor_functions import (abs, argmax, cast, check_nan, clip_by_value, concat,
                                              convert_tensor_precision, exp, expand_dims, flip, gather,
                                              gather_from_batch, get_image_dims, get_shape, iwd, lambertw, matmul,
                                              maximum, normalize, ones_like, percentile, permute, pow,
                                              random_normal_like, random_uniform_like, reduce_max, reduce_mean,
                                              reduce_min, reduce_std, reduce_sum, reshape, resize_3d, roll, sign,
                                              squeeze, tensor_pow, tensor_round, tensor_sqrt, to_shape, to_tensor,
                                              to_type, transpose, where, zeros_like, zscore)


def current():
    """The step module of the active Keras backend."""
    return importlib.import_module(f"kerasfe.backend.{keras.backend.backend()}_backend")


def most_steps_per_execution():
    """The most steps one compiled call of the active backend can run (None: no limit); Keras's PyTorch
    trainer runs one step per call.

    Example:
        >>> most_steps_per_execution() == (1 if keras.backend.backend() == "torch" else None)
        True
    """
    return 1 if keras.backend.backend() == "torch" else None
