"""Bases of the univariate NumpyOps: the same transform applied to each input key separately."""
from kerasfe.op.numpyop.albumentation import AlbumentationRunner
from kerasfe.op.numpyop.numpyop import NumpyOp


class UnivariateOp(NumpyOp):
    """Applies `transform(value, state)` to every input and writes the results to the outputs.

    `outputs` defaults to `inputs` (transform in place).

    Example:
        >>> import numpy as np
        >>> class Negate(UnivariateOp):
        ...     def transform(self, value, state):
        ...         return -value
        >>> sample = {"a": np.array(1), "b": np.array(2)}
        >>> Negate(inputs=["a", "b"]).apply(sample, {"mode": "train"})
        >>> int(sample["a"]), int(sample["b"])
        (-1, -2)
    """

    def __init__(self, inputs, outputs=None, mode=None, ds_id=None):
        super().__init__(inputs=inputs, outputs=inputs if outputs is None else outputs, mode=mode, ds_id=ds_id)

    def transform(self, value, state):
        """The transform of one value."""
        raise NotImplementedError(f"{self.describe()} must implement transform(value, state)")

    def forward(self, data, state):
        if self.in_list:
            return [self.transform(value, state) for value in data]
        return self.transform(data, state)


class BatchableOp(UnivariateOp):
    """A UnivariateOp that can also run on a whole batch: `transform_batch` (by default `transform`,
    right for element-wise transforms that broadcast over the batch axis).

    Example:
        >>> import numpy as np
        >>> class Square(BatchableOp):
        ...     def transform(self, value, state):
        ...         return value ** 2
        >>> Square(inputs="x").forward_batch(np.array([[1, 2], [3, 4]]), {"mode": "train"}).tolist()
        [[1, 4], [9, 16]]
    """

    def transform_batch(self, batch, state):
        """The transform of a batch of values (leading axis: samples)."""
        return self.transform(batch, state)

    def forward_batch(self, data, state):
        if self.in_list:
            return [self.transform_batch(value, state) for value in data]
        return self.transform_batch(data, state)


class ImageOnlyAlbumentation(UnivariateOp):
    """Runs an albumentations image-only transform on each input image (H, W) or (H, W, C).

    Example:
        >>> import albumentations as A, numpy as np
        >>> op = ImageOnlyAlbumentation(A.InvertImg(p=1.0), inputs="x")
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op.forward(np.zeros((1, 2), "uint8"), SampleState("train")).tolist()
        [[255, 255]]
    """

    def __init__(self, transform, inputs, outputs=None, mode=None, ds_id=None):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        self.runner = AlbumentationRunner(transform)

    def transform(self, value, state):
        return self.runner(state, image=value)["image"]
