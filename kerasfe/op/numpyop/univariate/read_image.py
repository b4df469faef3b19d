"""ReadImage: loads image files named by the sample into uint8 arrays."""
import os

import cv2
import numpy as np

from kerasfe.errors import ConfigError, DataError
from kerasfe.op.numpyop.univariate.univariate import UnivariateOp

_FLAGS = {"color": cv2.IMREAD_COLOR, "gray": cv2.IMREAD_GRAYSCALE, "unchanged": cv2.IMREAD_UNCHANGED}


class ReadImage(UnivariateOp):
    """Reads the image at each input path (joined to `parent_path`) as a uint8 array.

    Color images come back in RGB order (H, W, 3); gray ones as (H, W).

    Args:
        color_flag: "color", "gray" or "unchanged".
        parent_path: a folder the paths are relative to.

    Example:
        >>> import os, tempfile, cv2, numpy as np
        >>> folder = tempfile.mkdtemp()
        >>> _ = cv2.imwrite(os.path.join(folder, "a.png"), np.full((2, 3), 7, "uint8"))
        >>> image = ReadImage(inputs="x", color_flag="gray", parent_path=folder).forward("a.png", {"mode": "train"})
        >>> tuple(image.shape), int(image[0, 0])
        ((2, 3), 7)
    """

    def __init__(self, inputs, outputs=None, mode=None, ds_id=None, parent_path="", color_flag="color"):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        if color_flag not in _FLAGS:
            raise ConfigError(f"ReadImage: color_flag must be one of {list(_FLAGS)}; got {color_flag!r}")
        self.parent_path, self.color_flag = parent_path, color_flag

    def transform(self, value, state):
        path = os.path.join(self.parent_path, str(value))
        image = cv2.imread(path, _FLAGS[self.color_flag])
        if image is None:
            reason = "no such file" if not os.path.exists(path) else "not an image cv2 can read"
            raise DataError(f"{self.describe()} cannot read '{path}' for key {self.inputs}: {reason}")
        if image.ndim == 3 and image.shape[-1] in (3, 4):
            image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB if image.shape[-1] == 3 else cv2.COLOR_BGRA2RGBA)
        return np.ascontiguousarray(image)
