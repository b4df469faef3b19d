import math

import numpy as np
import pytest

from kerasfe.schedule import cosine_decay, linear_warmup, one_cycle


def fastestimator_cosine_decay(time, cycle_length, init_lr, min_lr=1e-6, start=1, cycle_multiplier=1, warmup=False):
    """FastEstimator 1.7's cosine_decay, written out by hand (pure Python) as the oracle."""
    if time < start:
        return init_lr * time / start if warmup else init_lr
    time = time - start + 1
    if cycle_multiplier > 1:
        cycle = math.ceil(math.log(time * (cycle_multiplier - 1) / cycle_length + 1) / math.log(cycle_multiplier)) - 1
        done = cycle_length * (cycle_multiplier ** cycle - 1) / (cycle_multiplier - 1)
    else:
        cycle = math.ceil(time / cycle_length) - 1
        done = cycle * cycle_length
    length = cycle_length * cycle_multiplier ** cycle
    return (init_lr - min_lr) / 2 * math.cos((time - done) / length * math.pi) + (init_lr + min_lr) / 2


@pytest.mark.parametrize("kwargs", [dict(cycle_length=10, init_lr=1.0, min_lr=0.1),
                                    dict(cycle_length=2, init_lr=1.0, min_lr=0.0, cycle_multiplier=2),
                                    dict(cycle_length=3, init_lr=0.5, start=4, warmup=True),
                                    dict(cycle_length=3, init_lr=0.5, start=4, cycle_multiplier=3)])
def test_cosine_decay_is_fastestimators_step_for_step(kwargs):
    steps = range(1, 40)
    np.testing.assert_allclose([float(cosine_decay(step, **kwargs)) for step in steps],
                               [fastestimator_cosine_decay(step, **kwargs) for step in steps], rtol=1e-12)
    # the first step is already one step into the cycle, and a cycle's last step reaches min_lr
    assert float(cosine_decay(1, cycle_length=4, init_lr=1.0, min_lr=0.0)) == pytest.approx(math.cos(math.pi / 4) / 2
                                                                                           + 0.5)
    assert float(cosine_decay(4, cycle_length=4, init_lr=1.0, min_lr=0.0)) == pytest.approx(0.0, abs=1e-12)


def test_linear_warmup_and_one_cycle():
    np.testing.assert_allclose([float(linear_warmup(s, 4, 1.0, start_lr=0.2)) for s in (1, 2, 4, 9)],
                               [0.4, 0.6, 1.0, 1.0], rtol=1e-6)
    total, peak = 100, 29  # PyTorch's OneCycleLR (cos): rises to step pct_start * total - 1 (0-based)
    lows = [float(one_cycle(s, total, max_lr=1.0)) for s in (1, peak + 1, total)]
    assert lows == pytest.approx([1 / 25, 1.0, 1 / 25 / 1e4], rel=1e-4)
    middle = float(one_cycle(peak + 1 + 35, total, max_lr=1.0))
    fraction = 35 / (total - 1 - peak)
    assert middle == pytest.approx(4e-6 + (1 - 4e-6) / 2 * (math.cos(math.pi * fraction) + 1), rel=1e-4)
