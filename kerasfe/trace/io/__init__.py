"""Traces that write: model weights, CSV and TensorBoard logs, images, snapshots of the whole training state."""
from kerasfe.trace.io.batch_display import BatchDisplay
from kerasfe.trace.io.best_model_saver import BestModelSaver
from kerasfe.trace.io.class_samples import ClassSamples
from kerasfe.trace.io.csv_logger import CSVLogger
from kerasfe.trace.io.grid_display import GridDisplay
from kerasfe.trace.io.image_saver import ImageSaver
from kerasfe.trace.io.image_viewer import ImageViewer
from kerasfe.trace.io.model_saver import ModelSaver
from kerasfe.trace.io.restore_wizard import RestoreWizard
from kerasfe.trace.io.tensorboard import TensorBoard
from kerasfe.trace.io.test_report import TestCase, TestReport
from kerasfe.trace.io.traceability import Traceability

__all__ = ["BatchDisplay", "BestModelSaver", "CSVLogger", "ClassSamples", "GridDisplay", "ImageSaver", "ImageViewer", "ModelSaver",
           "RestoreWizard", "TensorBoard", "TestCase", "TestReport", "Traceability"]
