"""albumentations for kerasfe's ops: imported without its PyTorch adapter, and run from worker threads, seeded
per sample."""
import copy
import importlib
import os
import sys
import threading


def import_albumentations():
    """Imports albumentations the way kerasfe's ops need it, and returns it.

    `import albumentations` also imports its optional PyTorch adapter (`albumentations.pytorch`, and so torch:
    seconds, under any backend) and asks PyPI for a newer version. kerasfe uses neither: the adapter is skipped
    unless torch is already loaded (a later `import albumentations.pytorch` still works), and the update check
    is off unless NO_ALBUMENTATIONS_UPDATE is set.

    Example:
        >>> A = import_albumentations()
        >>> A.HorizontalFlip(p=1.0).p
        1.0
    """
    if "albumentations" in sys.modules:
        return sys.modules["albumentations"]
    os.environ.setdefault("NO_ALBUMENTATIONS_UPDATE", "1")
    skip_adapter = "torch" not in sys.modules and "albumentations.pytorch" not in sys.modules
    if skip_adapter:
        sys.modules["albumentations.pytorch"] = None  # makes its `from .pytorch import *` an ImportError it ignores
    try:
        return importlib.import_module("albumentations")
    finally:
        if skip_adapter:
            del sys.modules["albumentations.pytorch"]


albumentations = import_albumentations()


class AlbumentationRunner:
    """Calls an albumentations transform with the sample's random state; one copy per worker thread.

    albumentations transforms keep their random generators as attributes, so threads sharing one would
    race; each thread gets a deep copy, and every call first points it at `state["rng"]`.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> A = import_albumentations()
        >>> runner = AlbumentationRunner(A.HorizontalFlip(p=1.0))
        >>> runner(SampleState("train"), image=np.array([[1, 2, 3]], "uint8"))["image"].tolist()
        [[3, 2, 1]]
    """

    def __init__(self, transform):
        self.transform = transform
        self._local = threading.local()

    def __call__(self, state, **targets):
        transform = getattr(self._local, "transform", None)
        if transform is None:
            transform = self._local.transform = copy.deepcopy(self.transform)
        transform.set_random_state(state["rng"], state["py_random"])
        return transform(**targets)

    def __deepcopy__(self, memo):
        return AlbumentationRunner(copy.deepcopy(self.transform, memo))
