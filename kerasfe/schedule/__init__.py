"""Schedulers that change ops, traces, batch sizes, data sets and optimizers with the epoch, and
learning-rate schedules."""
from kerasfe.schedule.schedule import (EpochScheduler, RepeatScheduler, Scheduler, get_all_values, get_current_items,
                                       get_current_value, get_signature_epochs)

from kerasfe.schedule.lr_schedule import cosine_decay, linear_warmup, one_cycle

__all__ = ["cosine_decay", "linear_warmup", "one_cycle", "EpochScheduler", "RepeatScheduler", "Scheduler", "get_all_values", "get_current_items",
           "get_current_value", "get_signature_epochs"]
