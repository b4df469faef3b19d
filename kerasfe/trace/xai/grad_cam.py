"""GradCAM: class-activation heatmaps from the gradients of the class score w.r.t. a conv layer."""
import numpy as np

from kerasfe.trace.xai.cam import CAMTrace


def grad_cam(grads, activations=None):
    """Grad-CAM maps (N, h, w) from (N, h, w, C) gradients of each sample's class score w.r.t. a layer's output:
    with the `activations`, the definition of https://arxiv.org/abs/1610.02391, `relu(sum_k alpha_k A_k)` with
    `alpha_k` the mean gradient of channel k; without, FastEstimator's `relu(mean over channels of the gradients)`.

    Example:
        >>> grads, acts = np.ones((1, 2, 2, 2)), np.array([[[[1.0, -3.0], [2.0, 0.0]], [[0.0, 0.0], [1.0, 1.0]]]])
        >>> grad_cam(grads, acts)[0].tolist(), grad_cam(-grads)[0].tolist()
        ([[0.0, 2.0], [0.0, 2.0]], [[0.0, 0.0], [0.0, 0.0]])
    """
    grads = np.asarray(grads, "float64")
    if activations is None:
        return np.maximum(grads.mean(axis=-1), 0.0)
    weights = grads.mean(axis=(1, 2), keepdims=True)
    return np.maximum((weights * np.asarray(activations, "float64")).sum(axis=-1), 0.0)


class GradCAM(CAMTrace):
    """Draws Grad-CAM heatmaps over images, to see what supports a model's classification
    (https://arxiv.org/pdf/1610.02391.pdf). Writes a `GridDisplay` to `outputs` at each epoch end (save it with
    ImageSaver, show it with ImageViewer).

    Give the gradients of each sample's class score w.r.t. a conv layer's output as the `grads` key:
    `kerasfe.xai.cam_ops(model, layer="conv_name", inputs="x", activations="acts", grads="grads")` adds the ops
    that write them (and the activations) to the Network.

    Args:
        images: the key of the images to draw on (N, H, W, C).
        grads: the key of the gradients (N, h, w, channels).
        n_components: accepted for FastEstimator's signature (one map per image is drawn).
        n_samples: how many images to draw per epoch (None: all).
        labels: the key of the true labels (drawn as text).
        preds: the key of the predictions (drawn as their argmax).
        label_mapping: {class name: label value}, to write names.
        outputs: the key of the GridDisplay.
        mode, ds_id: where it runs.
        activations: the key of the layer's output, for Grad-CAM as the paper defines it (None: FastEstimator's
            map, the mean of the gradients over channels).

    Example:
        >>> GradCAM(images="x", grads="grads", activations="acts").inputs
        ['x', 'grads', 'acts']
    """

    def __init__(self, images, grads, n_components=3, n_samples=5, labels=None, preds=None, label_mapping=None,
                 outputs="gradcam", mode="!train", ds_id=None, activations=None):
        self.grad_key, self.activation_key, self.n_components = grads, activations, n_components
        super().__init__(images, [grads, activations], n_samples, labels, preds, label_mapping, outputs, mode, ds_id)

    def maps(self, collected):
        activations = collected[self.activation_key] if self.activation_key else None
        return [(self.grad_key, grad_cam(collected[self.grad_key], activations))]
