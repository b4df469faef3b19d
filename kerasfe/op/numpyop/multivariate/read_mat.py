"""ReadMat: loads MATLAB .mat files named by the sample."""
import os

from scipy.io import loadmat

from kerasfe.errors import DataError
from kerasfe.op.numpyop.numpyop import NumpyOp


class ReadMat(NumpyOp):
    """Reads the .mat file at the input path (joined to `parent_path`) and writes the variables `mat_keys`
    (default: the output keys) to the outputs.

    Example:
        >>> import os, tempfile, numpy as np
        >>> from scipy.io import savemat
        >>> folder = tempfile.mkdtemp()
        >>> savemat(os.path.join(folder, "a.mat"), {"image": np.ones((2, 2)), "label": np.array([[3]])})
        >>> op = ReadMat(inputs="path", outputs=["x", "y"], mat_keys=["image", "label"], parent_path=folder)
        >>> image, label = op.forward("a.mat", {"mode": "train"})
        >>> image.shape, int(label[0, 0])
        ((2, 2), 3)
    """

    def __init__(self, inputs, outputs, mat_keys=None, mode=None, ds_id=None, parent_path=""):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        self.mat_keys = list(self.outputs) if mat_keys is None else ([mat_keys] if isinstance(mat_keys, str)
                                                                     else list(mat_keys))
        self.parent_path = parent_path

    def forward(self, data, state):
        path = os.path.normpath(os.path.join(self.parent_path, str(data)))
        if not os.path.exists(path):
            raise DataError(f"ReadMat cannot read '{path}' for key {self.inputs}: no such file")
        content = loadmat(path)
        missing = [key for key in self.mat_keys if key not in content]
        if missing:
            raise DataError(f"ReadMat: '{path}' has no variable(s) {missing}; it has "
                            f"{sorted(key for key in content if not key.startswith('__'))}; fix mat_keys")
        values = [content[key] for key in self.mat_keys]
        return values if self.out_list else values[0]
