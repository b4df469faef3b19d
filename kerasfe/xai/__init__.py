"""Explainable AI: saliency masks of a model's decisions (`SaliencyNet`) and the ops that give Grad-CAM /
EigenCAM their layer activations and gradients (`cam_ops`)."""
from kerasfe.xai.cam import cam_ops, split_model
from kerasfe.xai.saliency import SaliencyNet

__all__ = ["SaliencyNet", "cam_ops", "split_model"]
