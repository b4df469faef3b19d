"""Explainable-AI Traces: saliency maps, Grad-CAM and EigenCAM heatmaps (as GridDisplays on the batch bus), and
per-label / per-instance metric trackers (as Summaries)."""
from kerasfe.trace.xai.eigen_cam import EigenCAM
from kerasfe.trace.xai.grad_cam import GradCAM
from kerasfe.trace.xai.instance_tracker import InstanceTracker
from kerasfe.trace.xai.label_tracker import LabelTracker
from kerasfe.trace.xai.saliency import Saliency

__all__ = ["EigenCAM", "GradCAM", "InstanceTracker", "LabelTracker", "Saliency"]
