"""TensorBoard: event files of the logged scalars, chosen images and weight histograms."""
import os
import time

import numpy as np

from kerasfe.atomic_file import stream_folder
from kerasfe.errors import ConfigError
from kerasfe.op.op import to_list
from kerasfe.trace.io.image import to_png
from kerasfe.trace.io.image_viewer import figure_value
from kerasfe.trace.bus import ALL_KEYS
from kerasfe.trace.essential import logged_losses
from kerasfe.trace.trace import Trace


class TensorBoard(Trace):
    """Writes TensorBoard event files under `log_dir/<mode>` with the `tensorboard` package's own writer
    (no TensorFlow needed).

    Scalars: every scalar logged (train: at each log step, or as `update_freq` says, and epoch end; eval / test:
    per epoch). Images: the first `max_images` samples of each key in `write_images`, from each epoch's first
    batch, or the figure a Trace wrote under the key at the epoch's end (a Display such as Saliency's or GradCAM's
    GridDisplay, or LabelTracker's Summaries), as one image. Histograms: every weight of the network, every
    `weight_histogram_freq` train epochs (0 / None: never); with `paint_weights` each weight is also drawn as a gray
    image (its values scaled to 0-255, as a 2-D table of shape (-1, last axis)).
    Event files are append-only streams (flushed at each epoch end), so unlike kerasfe's other files they
    are not replaced atomically: a run killed mid-write loses at most its last records, which TensorBoard skips.
    Under distributed training only the chief's event files land in `log_dir` (`atomic_file.stream_folder`).

    Args:
        log_dir: the root folder of the event files.
        update_freq: when train losses are written besides epoch ends: None (the Estimator's log steps),
            "batch" (every step), an int N (every N steps) or "epoch" (epoch ends only).
        write_graph: must be False: Keras 3 models have no backend-neutral graph to write (a ConfigError says so).
        write_images: keys of images (N, H, W[, C]) or of figures Traces write, to write.
        weight_histogram_freq: epochs between weight histograms (0 or None: none).
        paint_weights: also write each weight as an image at the histogram epochs (needs weight_histogram_freq).
        embedding_freq, write_embeddings, embedding_labels, embedding_images: FastEstimator's projector
            embeddings, which kerasfe does not write: leave them at their defaults (a ConfigError says so).
        max_images: images written per key and epoch.
        mode: the modes recorded (default: all but "infer").

    Example:
        >>> TensorBoard("logs", write_images="x").inputs
        ['*', 'x']
    """

    def __init__(self, log_dir="logs", update_freq=None, write_graph=False, write_images=None,
                 weight_histogram_freq=None, paint_weights=False, embedding_freq="epoch", write_embeddings=None,
                 embedding_labels=None, embedding_images=None, max_images=3, mode="!infer"):
        self.image_keys = to_list(write_images)
        super().__init__(inputs=[ALL_KEYS] + self.image_keys, mode=mode)
        if update_freq not in (None, "batch", "epoch") and not (isinstance(update_freq, int) and update_freq >= 1):
            raise ConfigError(f"TensorBoard: update_freq must be None (the log steps), 'batch', 'epoch' or an int "
                              f">= 1 (every this many steps); got {update_freq!r}")
        if write_graph:
            raise ConfigError("TensorBoard: write_graph=True is not supported: a Keras 3 model has no "
                              "backend-neutral graph to write; pass write_graph=False")
        if paint_weights and not weight_histogram_freq:
            raise ConfigError("TensorBoard: paint_weights=True draws the weights at the histogram epochs; set "
                              "weight_histogram_freq (e.g. 1) too")
        if any(arg is not None for arg in (write_embeddings, embedding_labels, embedding_images)) or \
                embedding_freq not in (None, "epoch"):
            raise ConfigError("TensorBoard: kerasfe does not write projector embeddings (write_embeddings, "
                              "embedding_labels, embedding_images, embedding_freq); remove those arguments")
        self.log_dir, self.max_images, self.histogram_freq = log_dir, max_images, weight_histogram_freq or 0
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self.paint_weights = paint_weights
        self._writers, self._images = {}, {}

    def _write(self, values, step):
        from tensorboard.compat.proto import event_pb2, summary_pb2
        from tensorboard.summary.writer.event_file_writer import EventFileWriter
        mode = self.system.mode
        if mode not in self._writers:
            self._writers[mode] = EventFileWriter(stream_folder(os.path.join(self.log_dir, mode)))
        summary = summary_pb2.Summary(value=[summary_pb2.Summary.Value(tag=tag, **value) for tag, value in values])
        self._writers[mode].add_event(event_pb2.Event(wall_time=time.time(), step=step, summary=summary))

    def _scalars(self, data):
        return [(key, {"simple_value": float(value)}) for key, value in data.logs.items() if np.ndim(value) == 0]

    def on_epoch_begin(self, data):
        self._images = {}

    def on_batch_end(self, data):
        if self.system.batch_idx == 1:
            self._images = {key: np.asarray(data[key])[:self.max_images] for key in self.image_keys if key in data}
        if self.system.mode == "train" and isinstance(self.update_freq, int):
            if self.system.global_step % self.update_freq == 0:
                losses = [(key, {"simple_value": float(np.mean(data[key]))}) for key in logged_losses(
                    self.system.network) if key in data]
                self._write(losses, self.system.global_step)
        elif data.logs and self.update_freq is None:
            self._write(self._scalars(data), self.system.global_step)

    def on_epoch_end(self, data):
        values = self._scalars(data)
        for key in self.image_keys:  # figures Traces wrote at the epoch's end (Saliency, GradCAM, ...)
            figure = figure_value(data[key]) if key in data else None
            if figure is not None:
                self._images[key] = [figure.to_array() / 255.0]
        for key, images in self._images.items():
            for index, image in enumerate(images):
                values.append((f"{key}/{index}", {"image": _image(image)}))
        if self.system.mode == "train" and self.histogram_freq and self.system.epoch_idx % self.histogram_freq == 0:
            self.system.sync_weights()
            weights = [(variable.path, np.asarray(variable.numpy())) for variable in self.system.network.weights]
            values += [(path, {"histo": _histogram(value)}) for path, value in weights]
            if self.paint_weights:
                values += [(f"{path}/image", {"image": _image(_paint(value))}) for path, value in weights]
        self._write(values, self.system.global_step)
        for writer in self._writers.values():
            writer.flush()

    def on_end(self, data):
        for writer in self._writers.values():
            writer.close()
        self._writers = {}


def _histogram(values, bins=30):
    from tensorboard.compat.proto import summary_pb2
    values = values.reshape(-1).astype("float64")
    counts, edges = np.histogram(values, bins=bins)
    return summary_pb2.HistogramProto(min=float(values.min()), max=float(values.max()), num=float(values.size),
                                      sum=float(values.sum()), sum_squares=float(np.sum(values ** 2)),
                                      bucket_limit=edges[1:].tolist(), bucket=counts.astype("float64").tolist())


def _image(image):
    from tensorboard.compat.proto import summary_pb2
    height, width = image.shape[:2]
    return summary_pb2.Summary.Image(height=height, width=width, encoded_image_string=to_png(image),
                                     colorspace=1 if image.ndim == 2 or image.shape[-1] == 1 else 3)


def _paint(weight):
    """A weight as a 2-D table in [0, 1] (min to max), shape (-1, last axis); a vector is one row."""
    table = weight.reshape(-1, weight.shape[-1]) if weight.ndim else weight.reshape(1, 1)
    low, high = float(table.min()), float(table.max())
    return ((table - low) / (high - low) if high > low else np.zeros_like(table)).astype("float32")
