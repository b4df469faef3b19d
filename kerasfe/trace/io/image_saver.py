"""ImageSaver: saves images from the batch (inputs, predictions, maps other Traces write) as PNG files."""
import os

import numpy as np

from kerasfe.atomic_file import atomic_open, make_folder
from kerasfe.trace.io.image import to_png
from kerasfe.trace.io.image_viewer import figure_value
from kerasfe.trace.trace import Trace


class ImageSaver(Trace):
    """Saves the first `max_images` samples of each input key from each epoch's first batch as
    `save_dir/<key>_<mode>_epoch_<n>_<i>.png`, each written atomically (temporary name, fsync, rename); figures
    Traces write under an input key at an epoch's end or at the end (Displays such as Saliency's and GradCAM's
    GridDisplay, LabelTracker's Summaries) as `save_dir/<key>_<mode>_epoch_<n>.png`.

    Args:
        inputs: keys of images (N, H, W[, C]).
        save_dir: the folder of the files.
        max_images: images saved per key and epoch.
        mode: where it runs ("eval" and "test" by default).

    Example:
        >>> ImageSaver("x", "images").inputs
        ['x']
    """

    def __init__(self, inputs, save_dir, max_images=3, mode=("eval", "test")):
        super().__init__(inputs=inputs, mode=mode)
        self.save_dir, self.max_images = save_dir, max_images
        self._images = {}

    def on_begin(self, data):
        make_folder(self.save_dir, self.describe(), "save_dir")

    def on_batch_end(self, data):
        if self.system.batch_idx == 1:
            self._images = {key: np.asarray(data[key])[:self.max_images] for key in self.inputs if key in data}

    def on_epoch_end(self, data):
        for key, images in self._images.items():
            for index, image in enumerate(images):
                name = f"{key.replace('/', '_')}_{self.system.mode}_epoch_{self.system.epoch_idx}_{index}.png"
                with atomic_open(os.path.join(self.save_dir, name), "wb") as file:
                    file.write(to_png(image))
        self._save_figures(data)

    def on_end(self, data):
        self._save_figures(data)

    def _save_figures(self, data):
        """Saves the figures (Displays, Summaries) Traces wrote under `inputs` as `<key>_<mode>_epoch_<n>.png`."""
        for key in self.inputs:
            figure = figure_value(data[key]) if key in data else None
            if figure is not None:
                name = f"{key.replace('/', '_')}_{self.system.mode}_epoch_{self.system.epoch_idx}.png"
                figure.show(save_path=os.path.join(self.save_dir, name), verbose=False)
