"""How many accelerators the active backend sees (the one place that asks TensorFlow, JAX or PyTorch).

Example:
    >>> accelerator_count() >= 0
    True
"""
import importlib

import keras


def accelerator_count():
    """The number of GPUs (or other accelerators) the active Keras backend can use.

    Example:
        >>> isinstance(accelerator_count(), int)
        True
    """
    backend = keras.backend.backend()
    if backend == "tensorflow":
        return len(importlib.import_module("tensorflow").config.list_physical_devices("GPU"))
    if backend == "jax":
        return len([device for device in importlib.import_module("jax").devices() if device.platform != "cpu"])
    torch = importlib.import_module("torch")
    if torch.cuda.is_available():
        return torch.cuda.device_count()
    return int(torch.backends.mps.is_available())
