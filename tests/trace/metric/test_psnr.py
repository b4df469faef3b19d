import math

import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.trace.metric import PSNR


def psnr_oracle(reference, test, data_range):
    """Mean over images of 10 log10(range^2 / MSE), each MSE summed pixel by pixel in Python floats."""
    scores = []
    for true, pred in zip(reference, test):
        errors = [(float(a) - float(b)) ** 2 for a, b in zip(true.ravel(), pred.ravel())]
        scores.append(10 * math.log10(data_range ** 2 / (sum(errors) / len(errors))))
    return sum(scores) / len(scores)


@pytest.mark.parametrize("max_value", [1.0, 255.0])
def test_psnr_is_the_mean_over_images_of_the_per_image_psnr(max_value):
    rng = np.random.default_rng(0)
    reference = rng.uniform(0, max_value, (5, 6, 7, 3)).astype("float32")
    test = np.clip(reference + rng.normal(0, 0.05 * max_value, reference.shape) * rng.uniform(0.2, 2, (5, 1, 1, 1)),
                   0, max_value).astype("float32")
    metric = PSNR("hr", "sr", max_value=max_value)
    assert metric.compute(reference, test) == pytest.approx(psnr_oracle(reference, test, max_value), rel=1e-9)
    assert metric.compute(reference, reference) == math.inf
    assert metric.monitor_direction("psnr") == "max"


def test_bad_input_is_reported():
    with pytest.raises(ConfigError, match="positive"):
        PSNR("hr", "sr", max_value=0)
    with pytest.raises(ConfigError, match="'hr' and 'sr' must have the same shape"):
        PSNR("hr", "sr").compute(np.zeros((2, 4, 4)), np.zeros((2, 8, 8)))
