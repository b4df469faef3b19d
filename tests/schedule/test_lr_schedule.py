import math

import numpy as np
import pytest

from kerasfe.schedule import cosine_decay, linear_warmup, one_cycle


def test_cosine_decay_restarts_and_grows_cycles():
    values = [float(cosine_decay(step, cycle_length=10, init_lr=1.0, min_lr=0.1)) for step in range(1, 22)]
    expected = [0.1 + 0.45 * (1 + math.cos(math.pi * ((step - 1) % 10) / 10)) for step in range(1, 22)]
    np.testing.assert_allclose(values, expected, rtol=1e-5)
    grown = [float(cosine_decay(step, cycle_length=2, init_lr=1.0, min_lr=0.0, cycle_multiplier=2))
             for step in (1, 3, 4, 7)]
    np.testing.assert_allclose(grown, [1.0, 1.0, 0.853553, 1.0], atol=1e-5)  # cycles of 2, 4, 8 steps


def test_linear_warmup_and_one_cycle():
    np.testing.assert_allclose([float(linear_warmup(s, 4, 1.0, start_lr=0.2)) for s in (1, 2, 4, 9)],
                               [0.4, 0.6, 1.0, 1.0], rtol=1e-6)
    total, peak = 100, 29  # PyTorch's OneCycleLR (cos): rises to step pct_start * total - 1 (0-based)
    lows = [float(one_cycle(s, total, max_lr=1.0)) for s in (1, peak + 1, total)]
    assert lows == pytest.approx([1 / 25, 1.0, 1 / 25 / 1e4], rel=1e-4)
    middle = float(one_cycle(peak + 1 + 35, total, max_lr=1.0))
    fraction = 35 / (total - 1 - peak)
    assert middle == pytest.approx(4e-6 + (1 - 4e-6) / 2 * (math.cos(math.pi * fraction) + 1), rel=1e-4)
