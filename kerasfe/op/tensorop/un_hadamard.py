"""UnHadamard: turns Hadamard-code outputs back into class probabilities."""
import keras
import numpy as np

from kerasfe.backend.tensor_functions import iwd
from kerasfe.errors import ConfigError
from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.tensorop import TensorOp


def hadamard_codes(n_classes, code_length):
    """The code word (+1 / -1, length `code_length`) of each of `n_classes` classes, as FastEstimator's
    HadamardCode layer makes them: rows of the Sylvester Hadamard matrix, the first entry of every other row
    set to -1.

    Example:
        >>> hadamard_codes(3, 4).tolist()
        [[-1.0, 1.0, 1.0, 1.0], [1.0, -1.0, 1.0, -1.0], [-1.0, 1.0, -1.0, -1.0]]
    """
    matrix = np.ones((1, 1), "float32")
    while matrix.shape[0] < code_length:
        matrix = np.block([[matrix, matrix], [matrix, -matrix]])
    matrix[np.arange(0, code_length, 2), 0] = -1
    return matrix[:n_classes]


@serializable
class UnHadamard(TensorOp):
    """Converts Hadamard-coded predictions (batch, code_length) into class probabilities (batch, n_classes):
    the L1 distance to each class's code word, through the inverse weighted distance (`kerasfe.backend.iwd`).

    Args:
        inputs: key(s) of the coded predictions.
        outputs: key(s) of the class probabilities (one per input).
        n_classes: the number of classes.
        code_length: the code length, a power of 2 >= n_classes (default: the smallest one).

    Example:
        >>> import keras
        >>> op = UnHadamard(inputs="code", outputs="y_pred", n_classes=3)
        >>> codes = keras.ops.convert_to_tensor(hadamard_codes(3, 4))
        >>> keras.ops.convert_to_numpy(keras.ops.argmax(op.forward([codes], {})[0], axis=-1)).tolist()
        [0, 1, 2]
    """

    def __init__(self, inputs, outputs, n_classes, code_length=None, mode=None, ds_id=None):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        if code_length is None:
            code_length = 1 << (n_classes - 1).bit_length()
        if code_length <= 0 or code_length & (code_length - 1):
            raise ConfigError(f"{self.describe()}: code_length must be a positive power of 2; got {code_length}")
        if code_length < n_classes:
            raise ConfigError(f"{self.describe()}: code_length must be >= n_classes; got code_length {code_length} "
                              f"for {n_classes} classes")
        if len(self.inputs) != len(self.outputs):
            raise ConfigError(f"{self.describe()}: give one output key per input key; got inputs={self.inputs}, "
                              f"outputs={self.outputs}")
        self.n_classes, self.code_length = n_classes, code_length
        self.in_list = self.out_list = True

    def forward(self, data, state):
        codes = keras.ops.convert_to_tensor(hadamard_codes(self.n_classes, self.code_length))
        eps = (self.code_length + 1) * (1.0 - 0.99999) / (0.99999 * (self.n_classes - 1))
        results = []
        for value in data:
            distances = keras.ops.sum(keras.ops.abs(keras.ops.expand_dims(value, 1) - codes), axis=-1)
            results.append(iwd(distances, power=1.0, eps=eps))
        return results
