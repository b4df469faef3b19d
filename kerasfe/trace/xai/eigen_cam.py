"""EigenCAM: heatmaps of the principal components of a conv layer's activations."""
import keras
import numpy as np

from kerasfe.trace.xai.cam import CAMTrace


def eigen_components(activation, n_components=3, downsize=None):
    """The principal-component maps of one (h, w, C) activation (https://arxiv.org/abs/2008.00299): the pixels'
    channel vectors, centred, projected on their first right-singular vectors, each map made to correlate
    positively with the channels' mean (an SVD sign is arbitrary) and clipped at 0.

    Args:
        activation: (h, w, C).
        n_components: how many maps, or a fraction in (0, 1): as many as explain that share of the variance.
        downsize: shrink the longest side to this many pixels first (bilinear), for speed.

    Example:
        >>> pattern = np.arange(4.0).reshape(2, 2)
        >>> maps = eigen_components(pattern[..., None] * np.array([1.0, 2.0]), n_components=0.9)
        >>> len(maps), np.round(maps[0] / maps[0].max(), 3).tolist()
        (1, [[0.0, 0.0], [0.333, 1.0]])
    """
    activation = np.asarray(activation, "float64")
    height, width = activation.shape[:2]
    if downsize and max(height, width) > downsize:
        scale = downsize / max(height, width)
        size = (max(1, int(height * scale)), max(1, int(width * scale)))
        activation = keras.ops.convert_to_numpy(keras.ops.image.resize(activation[None], size))[0].astype("float64")
    flat = activation.reshape(-1, activation.shape[-1])
    flat = flat - flat.mean(axis=0)
    _, singular, vt = np.linalg.svd(flat, full_matrices=False)
    if isinstance(n_components, float):
        explained = np.cumsum(singular ** 2) / max(np.sum(singular ** 2), 1e-12)
        n_components = 1 + int(np.searchsorted(explained, n_components))
    mean_map = activation.mean(axis=-1).reshape(-1)
    maps = []
    for vector in vt[:n_components]:
        component = flat @ vector
        if np.dot(component, mean_map - mean_map.mean()) < 0:
            component = -component
        maps.append(np.maximum(component, 0.0).reshape(activation.shape[:2]))
    return maps


class EigenCAM(CAMTrace):
    """Draws EigenCAM heatmaps (principal components of a conv layer's activations) over images, to see what the
    feature extractor responds to. Writes a `GridDisplay` (one column per component) to `outputs` at each epoch
    end. `kerasfe.xai.cam_ops(model, layer, inputs, activations="acts")` writes a layer's activations.

    Args:
        images: the key of the images (N, H, W, C).
        activations: the key of the layer's output (N, h, w, channels).
        n_components: how many components, or a fraction of the variance to explain.
        n_samples: how many images per epoch (None: all).
        downsize: shrink the activations' longest side to this before the SVD (None: as they are).
        labels, preds, label_mapping: as for GradCAM.
        outputs: the key of the GridDisplay.
        mode, ds_id: where it runs.

    Example:
        >>> EigenCAM(images="x", activations="acts").inputs
        ['x', 'acts']
    """

    def __init__(self, images, activations, n_components=3, n_samples=5, downsize=None, labels=None, preds=None,
                 label_mapping=None, outputs="eigencam", mode="!train", ds_id=None):
        self.activation_key, self.n_components, self.downsize = activations, n_components, downsize
        super().__init__(images, [activations], n_samples, labels, preds, label_mapping, outputs, mode, ds_id)

    def maps(self, collected):
        per_image = [eigen_components(activation, self.n_components, self.downsize)
                     for activation in collected[self.activation_key]]
        columns = []
        for index in range(max(len(maps) for maps in per_image)):
            shape = per_image[0][0].shape
            columns.append((f"Component {index}", np.stack([maps[index] if index < len(maps) else np.zeros(shape)
                                                            for maps in per_image])))
        return columns
