"""Learning-rate schedules: functions of the step (or epoch), from 1. `LRScheduler` evaluates them on the host
(as FastEstimator does) and feeds the value to the optimizer; `linear_warmup` and `one_cycle` are written with
keras.ops, so they also run inside a compiled step."""
import math

import keras
import numpy as np

from kerasfe.errors import ConfigError


def _time(time):
    return keras.ops.cast(keras.ops.convert_to_tensor(time), "float32")


def cosine_decay(time, cycle_length, init_lr, min_lr=1e-6, start=1, cycle_multiplier=1, warmup=False):
    """FastEstimator's cosine decay from `init_lr` to `min_lr` over `cycle_length` steps, restarting after each
    cycle (each cycle `cycle_multiplier` times longer than the one before). Step `start` is the first step of
    the first cycle (already one step into it, as in FastEstimator; a cycle's last step gives `min_lr`).

    Computed on the host in float64 (numpy), like FastEstimator's; `time` may be a number or an array.

    Args:
        time: the step (or epoch), from 1.
        cycle_length: the length of the first cycle.
        init_lr: the rate at the start of each cycle.
        min_lr: the rate at the end of each cycle.
        start: the step at which the first cycle begins (before it: `init_lr`, or a linear warmup).
        cycle_multiplier: the growth of the cycle length (>= 1).
        warmup: before `start`, rise linearly as `init_lr * time / start` instead of holding `init_lr`.

    Example:
        >>> [round(float(cosine_decay(step, cycle_length=4, init_lr=1.0, min_lr=0.0)), 3) for step in range(1, 7)]
        [0.854, 0.5, 0.146, 0.0, 0.854, 0.5]
        >>> [float(cosine_decay(step, cycle_length=4, init_lr=1.0, start=3, warmup=True)) for step in (1, 2)]
        [0.3333333333333333, 0.6666666666666666]
    """
    if cycle_multiplier < 1:
        raise ConfigError(f"cosine_decay: cycle_multiplier must be at least 1; got {cycle_multiplier}")
    time = np.asarray(time, "float64")
    t = np.maximum(time - start + 1, 1.0)  # the step within the schedule, from 1
    if cycle_multiplier == 1:
        cycle = np.ceil(t / cycle_length) - 1
        done = cycle * cycle_length
    else:
        m = float(cycle_multiplier)
        cycle = np.ceil(np.log(t * (m - 1) / cycle_length + 1) / np.log(m)) - 1
        done = cycle_length * (m ** cycle - 1) / (m - 1)
    progress = (t - done) / (cycle_length * float(cycle_multiplier) ** cycle)
    decayed = (init_lr - min_lr) / 2 * np.cos(progress * math.pi) + (init_lr + min_lr) / 2
    before = init_lr * time / start if warmup else np.full_like(time, init_lr)
    return np.where(time < start, before, decayed)[()]


def linear_warmup(time, warmup_steps, init_lr, start_lr=0.0):
    """Rises linearly from `start_lr` (step 1) to `init_lr` (step `warmup_steps`), then stays there.

    Example:
        >>> [round(float(linear_warmup(step, warmup_steps=3, init_lr=0.3)), 3) for step in range(1, 6)]
        [0.1, 0.2, 0.3, 0.3, 0.3]
    """
    fraction = keras.ops.minimum(_time(time) / warmup_steps, 1.0)
    return start_lr + (init_lr - start_lr) * fraction


def one_cycle(time, total_steps, max_lr, pct_start=0.3, div_factor=25.0, final_div_factor=1e4):
    """The one-cycle policy (cosine form, as PyTorch's `OneCycleLR`): from `max_lr / div_factor` up to
    `max_lr` over the first `pct_start` of the steps, then down to `max_lr / div_factor / final_div_factor`.

    Example:
        >>> [round(float(one_cycle(step, total_steps=10, max_lr=1.0, pct_start=0.5, div_factor=10,
        ...                        final_div_factor=10)), 3) for step in (1, 5, 10)]
        [0.1, 1.0, 0.01]
    """
    t = _time(time) - 1
    peak = pct_start * total_steps - 1
    low, final = max_lr / div_factor, max_lr / div_factor / final_div_factor

    def anneal(begin, end, fraction):
        return end + (begin - end) / 2 * (keras.ops.cos(math.pi * keras.ops.clip(fraction, 0.0, 1.0)) + 1)

    rising = anneal(low, max_lr, t / peak)
    falling = anneal(max_lr, final, (t - peak) / (total_steps - 1 - peak))
    return keras.ops.where(t <= peak, rising, falling)
