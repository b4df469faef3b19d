"""Runs an albumentations transform from worker threads, seeded per sample."""
import copy
import threading


class AlbumentationRunner:
    """Calls an albumentations transform with the sample's random state; one copy per worker thread.

    albumentations transforms keep their random generators as attributes, so threads sharing one would
    race; each thread gets a deep copy, and every call first points it at `state["rng"]`.

    Example:
        >>> import albumentations as A, numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
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
