"""Per-backend step functions: the only package that imports tensorflow, jax or torch, and only lazily.

Each backend module provides `train_step`, `test_step` and `predict_step`, taking the Network and
the arguments Keras's trainer of that backend passes (`data` for TensorFlow and PyTorch,
`state, data` for JAX). They differ only in how gradients are taken and how state is threaded;
the op list, the optimizer updates and the logs are the Network's, written once.

Example:
    >>> import keras
    >>> current().__name__.rsplit(".", 1)[-1] == keras.backend.backend() + "_backend"
    True
"""
import importlib

import keras


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
