"""Schedulers that change ops, traces, batch sizes, data sets and optimizers with the epoch."""
from kerasfe.schedule.schedule import (EpochScheduler, RepeatScheduler, Scheduler, get_all_values, get_current_items,
                                       get_current_value, get_signature_epochs)

__all__ = ["EpochScheduler", "RepeatScheduler", "Scheduler", "get_all_values", "get_current_items",
           "get_current_value", "get_signature_epochs"]
