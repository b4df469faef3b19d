"""The backend's own random number generators and determinism switches: the only place that reaches into
PyTorch's and TensorFlow's global RNGs and the backends' deterministic-op flags (imported lazily). JAX has no global
RNG; Keras's random ops draw from SeedGenerators (saved as variables); TensorFlow's global op seed state (its global
seed and where its op seed generator is) decides the seeds of raw `tf.random` ops and `tf.data` shuffles made without
one.

Example:
    >>> import keras
    >>> state = rng_state()
    >>> set_rng_state(state)
    >>> backend = keras.backend.backend()
    >>> ("torch" in state) == (backend == "torch"), ("tensorflow" in state) == ("tensorflow" in sys.modules)
    (True, True)
"""
import os
import sys

import keras

from kerasfe.backend.keras_internals import set_tf_seed_state, tf_seed_state

DETERMINISM_VARIABLES = ("CUBLAS_WORKSPACE_CONFIG", "TF_DETERMINISTIC_OPS", "XLA_FLAGS")
XLA_DETERMINISM = "--xla_gpu_deterministic_ops=true"


def rng_state():
    """{framework: state} of the global generators: PyTorch's CPU and CUDA ones (PyTorch backend) and TensorFlow's
    global op seed state (whenever TensorFlow is loaded: it also runs the tf.data engine), for `set_rng_state`."""
    state = {}
    if keras.backend.backend() == "torch":
        import torch
        state["torch"] = {"cpu": torch.get_rng_state().numpy().copy(),
                          "cuda": [value.numpy().copy() for value in torch.cuda.get_rng_state_all()]
                          if torch.cuda.is_available() else []}
    if "tensorflow" in sys.modules:
        state["tensorflow"] = tf_seed_state()
    return state


def set_rng_state(state):
    """Puts back the generators' state from `rng_state`."""
    if "torch" in state:
        import torch
        torch.set_rng_state(torch.from_numpy(state["torch"]["cpu"]))
        if state["torch"]["cuda"] and torch.cuda.is_available():
            torch.cuda.set_rng_state_all([torch.from_numpy(value) for value in state["torch"]["cuda"]])
    if "tensorflow" in state:
        set_tf_seed_state(state["tensorflow"])


def deterministic_ops_state():
    """The switches `use_deterministic_ops` sets, as they are now (for `set_deterministic_ops_state`): its environment
    variables, TensorFlow's op determinism (when TensorFlow is loaded), PyTorch's deterministic algorithms and cuDNN
    flags (PyTorch backend).

    Example:
        >>> sorted(deterministic_ops_state()["environment"])
        ['CUBLAS_WORKSPACE_CONFIG', 'TF_DETERMINISTIC_OPS', 'XLA_FLAGS']
    """
    state = {"environment": {name: os.environ.get(name) for name in DETERMINISM_VARIABLES}}
    if keras.backend.backend() == "tensorflow" or "tensorflow" in sys.modules:
        from tensorflow.python.framework import config
        state["tensorflow"] = config.is_op_determinism_enabled()
    if keras.backend.backend() == "torch":
        import torch
        state["torch"] = (torch.are_deterministic_algorithms_enabled(),
                          torch.is_deterministic_algorithms_warn_only_enabled(),
                          torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark)
    return state


def set_deterministic_ops_state(state):
    """Sets the switches back as `deterministic_ops_state` read them (XLA's flag takes effect only in a JAX that has
    not started its backend yet)."""
    for name, value in state["environment"].items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    if "tensorflow" in state:
        from tensorflow.python.framework import config
        if state["tensorflow"]:
            config.enable_op_determinism()
        else:
            config.disable_op_determinism()
    if "torch" in state:
        import torch
        enabled, warn_only, torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark = state["torch"]
        torch.use_deterministic_algorithms(enabled, warn_only=warn_only)


def use_deterministic_ops():
    """Makes the active backend (and tf.data, when TensorFlow is loaded) pick deterministic kernels: TensorFlow's
    op determinism, `torch.use_deterministic_algorithms` (with the cuBLAS workspace setting it needs on GPUs and
    cuDNN autotuning off), XLA's deterministic GPU ops for JAX (effective when set before JAX starts its backend).
    Returns the switches as they were (`deterministic_ops_state`), which `set_deterministic_ops_state` puts back.

    Example:
        >>> before = use_deterministic_ops()
        >>> XLA_DETERMINISM in os.environ["XLA_FLAGS"]
        True
        >>> set_deterministic_ops_state(before)
        >>> deterministic_ops_state() == before
        True
    """
    before = deterministic_ops_state()
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    os.environ.setdefault("TF_DETERMINISTIC_OPS", "1")
    if XLA_DETERMINISM not in os.environ.get("XLA_FLAGS", ""):
        os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") + " " + XLA_DETERMINISM).strip()
    if "tensorflow" in before:
        import tensorflow as tf
        tf.config.experimental.enable_op_determinism()
    if "torch" in before:
        import torch
        torch.use_deterministic_algorithms(True)
        torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark = True, False
    return before
