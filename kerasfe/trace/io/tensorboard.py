"""TensorBoard: event files of the logged scalars, chosen images and weight histograms."""
import os
import time

import numpy as np

from kerasfe.atomic_file import stream_folder
from kerasfe.op.op import to_list
from kerasfe.trace.io.image import to_png
from kerasfe.trace.io.image_viewer import figure_value
from kerasfe.trace.bus import ALL_KEYS
from kerasfe.trace.trace import Trace


class TensorBoard(Trace):
    """Writes TensorBoard event files under `log_dir/<mode>` with the `tensorboard` package's own writer
    (no TensorFlow needed).

    Scalars: every scalar logged (train: at each log step and epoch end; eval / test: per epoch).
    Images: the first `max_images` samples of each key in `write_images`, from each epoch's first
    batch, or the figure a Trace wrote under the key at the epoch's end (a Display such as Saliency's or
    GradCAM's GridDisplay, or LabelTracker's Summaries), as one image. Histograms: every weight of the network, every `histogram_freq` train epochs (0: never).
    Event files are append-only streams (flushed at each epoch end), so unlike kerasfe's other files they
    are not replaced atomically: a run killed mid-write loses at most its last records, which TensorBoard skips.
    Under distributed training only the chief's event files land in `log_dir` (`atomic_file.stream_folder`).

    Args:
        log_dir: the root folder of the event files.
        write_images: keys of images (N, H, W[, C]) or of figures Traces write, to write.
        max_images: images written per key and epoch.
        histogram_freq: epochs between weight histograms (0: none).
        mode: the modes recorded (default: all but "infer").

    Example:
        >>> TensorBoard("logs", write_images="x").inputs
        ['*', 'x']
    """

    def __init__(self, log_dir, write_images=None, max_images=3, histogram_freq=0, mode="!infer"):
        self.image_keys = to_list(write_images)
        super().__init__(inputs=[ALL_KEYS] + self.image_keys, mode=mode)
        self.log_dir, self.max_images, self.histogram_freq = log_dir, max_images, histogram_freq
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
        if data.logs:
            self._write(self._scalars(data), self.system.global_step)

    def on_epoch_end(self, data):
        from tensorboard.compat.proto import summary_pb2
        values = self._scalars(data)
        for key in self.image_keys:  # figures Traces wrote at the epoch's end (Saliency, GradCAM, ...)
            figure = figure_value(data[key]) if key in data else None
            if figure is not None:
                self._images[key] = [figure.to_array() / 255.0]
        for key, images in self._images.items():
            for index, image in enumerate(images):
                height, width = image.shape[:2]
                values.append((f"{key}/{index}", {"image": summary_pb2.Summary.Image(
                    height=height, width=width, colorspace=1 if image.ndim == 2 or image.shape[-1] == 1 else 3,
                    encoded_image_string=to_png(image))}))
        if self.system.mode == "train" and self.histogram_freq and self.system.epoch_idx % self.histogram_freq == 0:
            self.system.sync_weights()
            values += [(variable.path, {"histo": _histogram(np.asarray(variable.numpy()))})
                       for variable in self.system.network.weights]
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
