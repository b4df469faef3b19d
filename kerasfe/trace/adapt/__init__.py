"""Traces that change the run: early stopping, learning-rate schedules, stopping on NaN."""
from kerasfe.trace.adapt.early_stopping import EarlyStopping
from kerasfe.trace.adapt.lr_scheduler import LRScheduler
from kerasfe.trace.adapt.pbm_calibrator import PBMCalibrator
from kerasfe.trace.adapt.reduce_lr_on_plateau import ReduceLROnPlateau
from kerasfe.trace.adapt.terminate_on_nan import TerminateOnNaN

__all__ = ["EarlyStopping", "LRScheduler", "PBMCalibrator", "ReduceLROnPlateau", "TerminateOnNaN"]
