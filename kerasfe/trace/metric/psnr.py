"""PSNR: the peak signal-to-noise ratio of reconstructed images."""
import numpy as np

from kerasfe.errors import ConfigError
from kerasfe.trace.metric.metric import Metric


class PSNR(Metric):
    """The mean over images of 10 * log10(max_value ** 2 / MSE) in dB, the MSE over each image's pixels and
    channels (as scikit-image's `peak_signal_noise_ratio` with `data_range=max_value`; an exact image scores inf).

    Args:
        true_key: the reference images (N, ...).
        pred_key: the reconstructed images, of the same shape.
        output_name: the key written.
        max_value: the largest pixel value (the data range): 1.0 for [0, 1] images, 255 for uint8.
        mode, ds_id, per_ds: where it runs ("eval" and "test" by default), see Metric.

    Example:
        >>> image = np.zeros((1, 2, 2))
        >>> PSNR("hr", "sr").compute(image, image + 0.1)
        20.0
    """

    direction = "max"

    def __init__(self, true_key, pred_key, output_name="psnr", max_value=1.0, mode=("eval", "test"), ds_id=None,
                 per_ds=True):
        super().__init__(true_key, pred_key, output_name, mode=mode, ds_id=ds_id, per_ds=per_ds)
        if not max_value > 0:
            raise ConfigError(f"PSNR: max_value (the data range) must be positive; got {max_value}")
        self.max_value = float(max_value)

    def compute(self, y_true, y_pred):
        if y_true.shape != y_pred.shape:
            raise ConfigError(f"PSNR: '{self.true_key}' and '{self.pred_key}' must have the same shape; got "
                              f"{y_true.shape} and {y_pred.shape}")
        error = (np.asarray(y_true, "float64") - np.asarray(y_pred, "float64")).reshape(len(y_true), -1)
        mse = np.mean(error ** 2, axis=1)
        with np.errstate(divide="ignore"):
            return float(np.mean(10.0 * np.log10(self.max_value ** 2 / mse)))
