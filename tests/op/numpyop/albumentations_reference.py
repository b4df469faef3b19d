"""The oracle of kerasfe's albumentations ops: the albumentations transform itself, drawing from the same seeded
stream (seed, epoch, sample index) the op draws from."""
import numpy as np

from kerasfe.op.numpyop.state import SampleState

RGB = np.random.default_rng(0).integers(0, 256, (16, 16, 3)).astype("uint8")


def reference(transform, index=3, **data):
    """What `transform` (p=1.0) gives for `data` when seeded as sample `index` of the default Pipeline seed."""
    state = SampleState("train", index=index)
    transform.set_random_state(state["rng"], state["py_random"])
    return transform(**data)


def assert_matches(op, transform, image=RGB, index=3):
    """The op's output for `image` is the transform's, for the same sample seed."""
    out = op.forward(image, SampleState("train", index=index))
    np.testing.assert_array_equal(out, reference(transform, index, image=image)["image"], err_msg=op.describe())
    return out
