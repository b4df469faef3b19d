"""BatchDisplay (Trace): draws a batch's images with their annotations every so many steps or epochs."""
import os

from kerasfe.atomic_file import make_folder
from kerasfe.errors import ConfigError
from kerasfe.trace.trace import Trace
from kerasfe.util import display


def parse_frequency(owner, frequency, log_steps):
    """`frequency` as (every, unit): 'batch' (every step), 'epoch', an int (every that many steps), '<n>s'
    (steps), '<n>e' (epochs), or None (every `log_steps` steps, as the Logger prints).

    Example:
        >>> [parse_frequency("T", f, 100) for f in ("batch", "epoch", 8, "8s", "5e", None)]
        [(1, 'step'), (1, 'epoch'), (8, 'step'), (8, 'step'), (5, 'epoch'), (100, 'step')]
    """
    if frequency is None:
        return (log_steps or 0), "step"
    if frequency in ("batch", "epoch"):
        return 1, "step" if frequency == "batch" else "epoch"
    if isinstance(frequency, int) and frequency >= 0:
        return frequency, "step"
    if isinstance(frequency, str) and frequency[:-1].isdigit() and frequency[-1] in "se":
        return int(frequency[:-1]), "step" if frequency[-1] == "s" else "epoch"
    raise ConfigError(f"{owner}: frequency must be 'batch', 'epoch', an int, '<n>s', '<n>e' or None; "
                      f"got {frequency!r}")


class FrequencyDisplay(Trace):
    """Shows or saves (as `<title>_<mode>_<epoch>_<batch>.png` in `save_dir`) the Display `make_display(data)`
    builds, at the steps or epochs `frequency` says (BatchDisplay and GridDisplay Traces)."""

    def __init__(self, inputs, title, batch_limit, frequency, save_dir, mode, ds_id):
        super().__init__(inputs=inputs, mode=mode, ds_id=ds_id)
        self.title, self.batch_limit, self.save_dir = title, batch_limit, save_dir
        parse_frequency(self.describe(), frequency, 1)
        self.frequency, self.every, self.unit = frequency, None, None

    def on_begin(self, data):
        self.every, self.unit = parse_frequency(self.describe(), self.frequency, self.system.log_steps)
        if self.save_dir is not None:
            make_folder(self.save_dir, self.describe(), "save_dir")

    def _emit(self, data):
        figure = self.make_display(data)
        if self.save_dir is None:
            figure.show()
        else:
            name = f"{self.title}_{self.system.mode}_{self.system.epoch_idx}_{self.system.batch_idx}.png"
            figure.show(save_path=os.path.join(self.save_dir, name), verbose=False)

    def on_batch_end(self, data):
        step = self.system.global_step if self.system.mode == "train" else self.system.batch_idx
        if self.unit == "step" and self.every and step % self.every == 0:
            self._emit(data)

    def on_epoch_end(self, data):
        if self.unit == "epoch" and self.every and self.system.epoch_idx % self.every == 0:
            self._emit(data)


class BatchDisplay(FrequencyDisplay):
    """Draws a batch's images (with text, masks, boxes, keypoints from other keys) as a `kerasfe.util.BatchDisplay`
    every `frequency`, shown on screen or saved as PNG in `save_dir`.

    Args:
        image: the key of the images.
        text: the key of per-sample text or values.
        masks: the key of masks, or (key, [label per channel]).
        bboxes: the key of boxes.
        keypoints: the key of keypoints, or (key, [label per keypoint]).
        mask_threshold, color_map: as `kerasfe.util.ImageDisplay`.
        title: the figure's title (default: the first key given).
        batch_limit: draw at most this many samples.
        frequency: 'batch', 'epoch', an int (steps), '<n>s', '<n>e', or None (the Estimator's log_steps).
        save_dir: the folder of the PNG files (None: show on screen).
        mode, ds_id: where it runs.

    Example:
        >>> BatchDisplay(image="x", masks=("mask", ["cat"]), save_dir=None).inputs
        ['x', 'mask']
    """

    def __init__(self, image=None, text=None, masks=None, bboxes=None, keypoints=None, mask_threshold=None,
                 color_map=("gray", "turbo"), title=None, batch_limit=None, frequency=None, save_dir=None, mode=None,
                 ds_id=None):
        self.masks, self.mask_labels = masks if isinstance(masks, (tuple, list)) else (masks, None)
        self.keypoints, self.keypoint_labels = keypoints if isinstance(keypoints, (tuple, list)) else (keypoints, None)
        self.image, self.text, self.bboxes = image, text, bboxes
        keys = [key for key in (image, text, self.masks, bboxes, self.keypoints) if key is not None]
        if not keys:
            raise ConfigError("BatchDisplay: give at least one key (image, text, masks, bboxes or keypoints)")
        self.mask_threshold, self.color_map = mask_threshold, color_map
        super().__init__(list(dict.fromkeys(keys)), title or keys[0], batch_limit, frequency, save_dir, mode, ds_id)

    def make_image(self, data, batch_limit=None):
        """The `kerasfe.util.BatchDisplay` of the batch in `data` (at most `batch_limit` samples)."""
        def get(key):
            return None if key is None else data[key][:batch_limit] if batch_limit else data[key]
        masks, points = get(self.masks), get(self.keypoints)
        return display.BatchDisplay(image=get(self.image), text=get(self.text), bboxes=get(self.bboxes),
                                    masks=(masks, self.mask_labels) if self.mask_labels and masks is not None
                                    else masks,
                                    keypoints=(points, self.keypoint_labels) if self.keypoint_labels
                                    and points is not None else points,
                                    title=self.title, mask_threshold=self.mask_threshold, color_map=self.color_map)

    def make_display(self, data):
        return self.make_image(data, self.batch_limit)
