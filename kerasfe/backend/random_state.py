"""The backend's own random number generators and determinism switches: the only place that reaches into
PyTorch's global RNGs and the backends' deterministic-op flags (imported lazily). JAX has no global RNG; Keras's
random ops on TensorFlow draw from SeedGenerators (saved as variables), and TensorFlow's global op seed cannot be
read back.

Example:
    >>> import keras
    >>> state = rng_state()
    >>> set_rng_state(state)
    >>> sorted(state) == (["torch"] if keras.backend.backend() == "torch" else [])
    True
"""
import os
import sys

import keras


def rng_state():
    """{framework: state} of the active backend's global generators (PyTorch's CPU and CUDA ones), for
    `set_rng_state`."""
    if keras.backend.backend() == "torch":
        import torch
        return {"torch": {"cpu": torch.get_rng_state().numpy().copy(),
                          "cuda": [state.numpy().copy() for state in torch.cuda.get_rng_state_all()]
                          if torch.cuda.is_available() else []}}
    return {}


def set_rng_state(state):
    """Puts back the generators' state from `rng_state`."""
    if "torch" in state:
        import torch
        torch.set_rng_state(torch.from_numpy(state["torch"]["cpu"]))
        if state["torch"]["cuda"] and torch.cuda.is_available():
            torch.cuda.set_rng_state_all([torch.from_numpy(value) for value in state["torch"]["cuda"]])


def use_deterministic_ops():
    """Makes the active backend (and tf.data, when TensorFlow is loaded) pick deterministic kernels: TensorFlow's
    op determinism, `torch.use_deterministic_algorithms` (with the cuBLAS workspace setting it needs on GPUs and
    cuDNN autotuning off), XLA's deterministic GPU ops for JAX (effective when set before JAX starts its backend).

    It cannot be undone in the process (TensorFlow has no switch back), so the example runs in a fresh one.

    Example:
        >>> import subprocess
        >>> code = ("from kerasfe.backend.random_state import use_deterministic_ops; use_deterministic_ops(); "
        ...         "import os; print(os.environ['XLA_FLAGS'])")
        >>> subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.split()[-1]
        '--xla_gpu_deterministic_ops=true'
    """
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    os.environ.setdefault("TF_DETERMINISTIC_OPS", "1")
    flag = "--xla_gpu_deterministic_ops=true"
    if flag not in os.environ.get("XLA_FLAGS", ""):
        os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") + " " + flag).strip()
    backend = keras.backend.backend()
    if backend == "tensorflow" or "tensorflow" in sys.modules:
        import tensorflow as tf
        tf.config.experimental.enable_op_determinism()
    if backend == "torch":
        import torch
        torch.use_deterministic_algorithms(True)
        torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark = True, False
