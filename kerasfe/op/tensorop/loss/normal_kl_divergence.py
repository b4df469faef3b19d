"""NormalKLDivergence: the KL divergence of a diagonal Gaussian from the standard normal (a VAE's prior term)."""
import keras

from kerasfe.errors import ConfigError
from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.loss.loss_op import LossOp, same_shape, shape_of


@serializable
class NormalKLDivergence(LossOp):
    """`KL(N(mean, exp(log_var)) || N(0, 1)) = 0.5 * sum(exp(log_var) + mean**2 - 1 - log_var)` over every
    non-batch axis, one value per sample (averaged over the batch unless `average_loss=False`).

    Args:
        inputs: (mean key, log-variance key), of one shape.
        outputs: the loss key.
        mode: every mode but "infer" by default.
        average_loss: write the batch mean; False keeps one value per sample.

    Example:
        >>> import keras
        >>> op = NormalKLDivergence(inputs=("mean", "log_var"), outputs="kl")
        >>> float(op.forward([keras.ops.ones((2, 3)), keras.ops.zeros((2, 3))], {"mode": "train"}))
        1.5
    """

    def check_inputs(self, mean, log_var, mode):
        if not same_shape(shape_of(mean), shape_of(log_var)):
            raise ConfigError(f"{self.describe()} reads mean '{self.inputs[0]}' of shape {shape_of(mean)} and "
                              f"log-variance '{self.inputs[1]}' of shape {shape_of(log_var)} in mode '{mode}': "
                              "they must have one shape (fix: split the encoder's output in two equal halves)")

    def per_sample_loss(self, mean, log_var):
        log_var = keras.ops.cast(log_var, "float32")
        terms = keras.ops.exp(log_var) + keras.ops.square(mean) - 1.0 - log_var
        if len(terms.shape) == 1:
            return 0.5 * terms
        return 0.5 * keras.ops.sum(terms, axis=tuple(range(1, len(terms.shape))))
