"""Schedulers that change ops, traces, batch sizes, data sets and optimizers with the epoch, and
learning-rate schedules."""
from kerasfe.schedule.arc import ARC
from kerasfe.schedule.lr_schedule import cosine_decay, linear_warmup, one_cycle
from kerasfe.schedule.schedule import (EpochScheduler, RepeatScheduler, Scheduler, get_all_values, get_current_items,
                                       get_current_value, get_signature_epochs, map_values)

__all__ = ["ARC", "EpochScheduler", "RepeatScheduler", "Scheduler", "cosine_decay", "get_all_values",
           "get_current_items", "get_current_value", "get_signature_epochs", "linear_warmup", "map_values", "one_cycle"]
