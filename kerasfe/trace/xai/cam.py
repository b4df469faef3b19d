"""What GradCAM and EigenCAM share: collecting images and maps over an epoch, and drawing heatmaps on images."""
import keras
import numpy as np

from kerasfe.trace.trace import Trace
from kerasfe.util.display import BatchDisplay, GridDisplay, colormap


def heatmap_overlay(images, maps):
    """Images (N, H, W, C) with their maps (N, h, w) drawn on them as FastEstimator draws CAMs: each map resized
    (bilinear) to the image, scaled to [0, 1], colored with the "jet" colormap (256 levels), added to the image,
    and the sum divided by its maximum.

    Example:
        >>> overlay = heatmap_overlay(np.zeros((1, 4, 4, 1)), np.eye(2)[None])
        >>> overlay.shape, float(overlay.max())
        ((1, 4, 4, 3), 1.0)
    """
    images = np.asarray(images, "float32")
    maps = np.asarray(maps, "float32")[..., None]
    resized = keras.ops.convert_to_numpy(keras.ops.image.resize(maps, images.shape[1:3], interpolation="bilinear"))
    resized = resized[..., 0] - resized.min(axis=(1, 2, 3))[:, None, None]
    peak = resized.max(axis=(1, 2), keepdims=True)
    resized = np.where(peak > 0, resized / np.where(peak > 0, peak, 1.0), 0.0)
    heat = colormap("jet")(np.uint8(255 * resized))[..., :3].astype("float32")
    combined = images + heat
    return combined / combined.max(axis=(1, 2, 3), keepdims=True)


class CAMTrace(Trace):
    """Collects `n_samples` images and their keys over an epoch (in the modes it runs in) and writes, at the
    epoch end, a GridDisplay (labels, predictions, images, then one column per map that `maps` makes) to
    `outputs[0]`. Subclasses define `maps(collected)` -> [(title, (N, h, w) maps)]."""

    def __init__(self, images, keys, n_samples, labels, preds, label_mapping, outputs, mode, ds_id):
        self.image_key, self.true_label_key, self.pred_label_key = images, labels, preds
        self.n_samples = n_samples
        self.label_mapping = {value: name for name, value in label_mapping.items()} if label_mapping else None
        inputs = [key for key in [images] + list(keys) + [labels, preds] if key is not None]
        super().__init__(inputs=list(dict.fromkeys(inputs)), outputs=outputs, mode=mode, ds_id=ds_id)
        self.collected, self.n_found = {}, 0

    def on_epoch_begin(self, data):
        self.collected, self.n_found = {key: [] for key in self.inputs}, 0

    def on_batch_end(self, data):
        if self.n_samples is None or self.n_found < self.n_samples:
            for key in self.inputs:
                self.collected[key].append(np.asarray(data[key]))
            self.n_found += len(data[self.image_key])

    def _classes(self, values):
        values = values.argmax(axis=-1) if values.ndim > 1 and values.shape[-1] > 1 else values.reshape(len(values))
        if self.label_mapping:
            values = np.array([self.label_mapping.get(value.item(), value.item()) for value in values])
        return values

    def on_epoch_end(self, data):
        if not self.n_found:
            return
        count = self.n_samples or self.n_found
        collected = {key: np.concatenate(values)[:count] for key, values in self.collected.items()}
        columns = [BatchDisplay(text=self._classes(collected[key]), title=key)
                   for key in (self.true_label_key, self.pred_label_key) if key]
        images = collected[self.image_key]
        columns.append(BatchDisplay(image=images, title=self.image_key))
        for title, maps in self.maps(collected):
            columns.append(BatchDisplay(image=heatmap_overlay(images, maps), title=title))
        self.collected, self.n_found = {key: [] for key in self.inputs}, 0
        data.write_without_log(self.outputs[0], GridDisplay(columns))
