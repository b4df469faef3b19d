"""SuperLoss: a confidence-aware wrapper of any per-sample loss, for learning with noisy labels."""
import math

import keras

from kerasfe.errors import ConfigError, WrongTypeError
from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.loss.loss_op import LossOp


def lambert_w(z, iterations=8):
    """The principal branch of the Lambert W function (w * exp(w) = z) for z >= -1/e, by Halley's method.

    Example:
        >>> import keras
        >>> [round(float(w), 4) for w in lambert_w(keras.ops.convert_to_tensor([0.0, 2.7182817, -0.3]))]
        [0.0, 1.0, -0.4894]
    """
    z = keras.ops.maximum(keras.ops.cast(z, "float32"), -1.0 / math.e)
    p = keras.ops.sqrt(keras.ops.maximum(2.0 * (math.e * z + 1.0), 0.0))
    near_branch = -1.0 + p - p * p / 3.0 + 11.0 / 72.0 * p * p * p
    w = keras.ops.where(z < -0.25, near_branch, keras.ops.log1p(keras.ops.maximum(z, -0.25)))
    for _ in range(iterations):
        exp_w = keras.ops.exp(w)
        residual = w * exp_w - z
        denominator = exp_w * (w + 1.0) - (w + 2.0) * residual / (2.0 * w + 2.0)
        step = keras.ops.where(keras.ops.abs(denominator) > 1e-12, residual / denominator, 0.0)
        w = w - step
    return w


@serializable
class SuperLoss(LossOp):
    """SuperLoss (Castells et al. 2020) around a loss op: each sample's loss `l` becomes
    `(l - tau) * sigma + lam * log(sigma) ** 2` with `sigma = exp(-W(max(-2/e, (l - tau) / lam) / 2))`
    (held constant for the gradient), so samples with a high loss (likely mislabeled) weigh less.

    Args:
        loss: a LossOp (its inputs and output key are used; it must give per-sample values).
        threshold: `tau`, a constant (e.g. log(classes) for cross-entropy), or "exp": a running average
            of the batch losses (momentum 0.9, from the first training batch), kept in a variable.
        regularization: `lam`, larger values weigh samples more evenly.
        average_loss: write the batch mean (else per-sample values).
        output_confidence: a key to also write each sample's `sigma` to.

    Example:
        >>> import keras, numpy as np
        >>> from kerasfe.op.tensorop import CrossEntropy
        >>> op = SuperLoss(CrossEntropy(inputs=("y_pred", "y"), outputs="ce"), threshold=1.0)
        >>> # per sample the value is lam * w * (w + 2) with w = W((l - tau) / (2 * lam)); losses tau + 2e and
        >>> # tau - exp(-1/2) give w = 1 (value 3) and w = -1/2 (value -0.75), so the mean is 1.125
        >>> p = np.exp(-(1.0 + np.array([2 * np.e, -np.exp(-0.5)])))
        >>> y_pred = keras.ops.convert_to_tensor(np.stack([p, 1 - p], axis=1).astype("float32"))
        >>> round(float(op.forward([y_pred, np.array([0, 0])], {"training": True})), 4)
        1.125
    """

    def __init__(self, loss, threshold="exp", regularization=1.0, average_loss=True, output_confidence=None):
        if not isinstance(loss, LossOp):
            raise WrongTypeError(f"SuperLoss wraps a LossOp; got {type(loss).__name__}")
        if threshold != "exp" and not isinstance(threshold, (int, float)):
            raise ConfigError(f"SuperLoss: threshold must be a number or 'exp'; got {threshold!r}")
        if regularization <= 0:
            raise ConfigError(f"SuperLoss: regularization must be positive; got {regularization}")
        self.loss, self.threshold, self.regularization = loss, threshold, regularization
        super().__init__(inputs=loss.inputs, outputs=loss.outputs[0], mode=None, average_loss=average_loss)
        self.mode, self.ds_ids, self.excluded_ds_ids = loss.mode, loss.ds_ids, loss.excluded_ds_ids
        if output_confidence is not None:
            self.outputs, self.out_list = self.outputs + [output_confidence], True
        self.tau = keras.Variable(0.0, trainable=False, name="superloss_tau")
        self.tau_initialized = keras.Variable(0.0, trainable=False, name="superloss_tau_initialized")

    def describe(self):
        return f"SuperLoss({self.loss.describe()})"

    def sub_ops(self):
        return [self.loss]

    def state_objects(self):
        return [self.tau, self.tau_initialized]

    def _threshold(self, loss, state):
        if self.threshold != "exp":
            return keras.ops.convert_to_tensor(float(self.threshold))
        batch_mean = keras.ops.stop_gradient(keras.ops.mean(loss))
        tau = keras.ops.where(self.tau_initialized > 0, 0.9 * self.tau + 0.1 * batch_mean, batch_mean)
        if state.get("training"):
            self.tau.assign(tau)
            self.tau_initialized.assign(1.0)
        return tau

    def forward(self, data, state):
        y_pred, y_true = data
        loss = self.loss.per_sample_loss(keras.ops.cast(y_pred, "float32"), y_true)
        tau = self._threshold(loss, state)
        beta = keras.ops.stop_gradient((loss - tau) / self.regularization)
        w = lambert_w(0.5 * keras.ops.maximum(beta, -2.0 / math.e))
        sigma = keras.ops.exp(-w)
        super_loss = self.reduce((loss - tau) * sigma + self.regularization * keras.ops.square(w), state)
        return [super_loss, sigma] if len(self.outputs) > 1 else super_loss
