"""Figures of images and their annotations (FastEstimator's `fe.util.ImageDisplay`, `BatchDisplay`, `GridDisplay`),
drawn with matplotlib.

Every cell is `col_width` pixels square (at 100 dpi, times `scale`), column titles take a band of `TITLE_HEIGHT`
pixels at the top, so a saved figure's size is known: `columns * col_width` by `rows * col_width` (+ the band).
"""
import abc
import io
from itertools import zip_longest

import numpy as np

from kerasfe.atomic_file import save_atomically
from kerasfe.errors import ConfigError

DPI = 100
TITLE_HEIGHT = 30  # pixels of the column-title band


def _to_numpy(value):
    """Backend tensors as numpy; numpy values, Python values and sequences as they are."""
    if value is None or isinstance(value, (np.ndarray, np.generic, str, bytes, int, float, list, tuple)):
        return value
    import keras
    return keras.ops.convert_to_numpy(value)


def _font_size(text, col_width, largest):
    return max(6, min(largest, int(1.15 * col_width / max(len(text), 1))))


def _as_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def colormap(name):
    import matplotlib
    try:
        return matplotlib.colormaps[name]
    except KeyError:
        raise ConfigError(f"Display: color_map {name!r} is not a matplotlib colormap; use one of "
                          f"{sorted(matplotlib.colormaps)[:12]}...") from None


def to_rgb(image, color_map="gray"):
    """An image as float RGB in [0, 1], scaled as FastEstimator scales it: integers as 0-255, values in [0, 1],
    [-0.5, 0.5] or [-1, 1] from those ranges, anything else from its own min-max; 1-channel images through
    `color_map`.

    Example:
        >>> to_rgb(np.array([[0, 255]], "uint8"))[0].tolist()
        [[0.0, 0.0, 0.0], [1.0, 1.0, 1.0]]
        >>> to_rgb(np.array([[-1.0, 1.0]]))[0, :, 0].tolist()
        [0.0, 1.0]
    """
    image = np.asarray(image)
    low, high = np.min(image), np.max(image)
    if np.issubdtype(image.dtype, np.integer) or image.dtype == bool:
        scaled = image.astype("float64") / 255.0
    elif 0 <= low <= high <= 1:
        scaled = image.astype("float64")
    elif -0.5 <= low < 0 < high <= 0.5:
        scaled = image + 0.5
    elif -1 <= low < 0 < high <= 1:
        scaled = (image + 1) / 2.0
    else:
        scaled = (image - low) / (high - low) if high > low else np.zeros(image.shape)
    scaled = np.clip(scaled, 0.0, 1.0)
    if scaled.ndim == 3 and scaled.shape[-1] == 1:
        scaled = scaled[..., 0]
    if scaled.ndim == 2:
        scaled = colormap(color_map)(scaled)[..., :3]
    return scaled


class Display(abc.ABC):
    """A figure that can be shown, saved (`show(save_path)`) or rendered to pixels (`to_array`)."""

    @abc.abstractmethod
    def prepare(self):
        """Draws the figure and returns it (a matplotlib Figure, not managed by pyplot)."""

    def to_array(self, scale=1):
        """The figure's pixels: uint8 (height, width, 3).

        Example:
            >>> ImageDisplay(image=np.zeros((2, 2)), text="hi").to_array().shape
            (280, 280, 3)
        """
        import matplotlib.image
        buffer = io.BytesIO()
        self.prepare().savefig(buffer, format="png", dpi=DPI * scale)
        buffer.seek(0)
        return (matplotlib.image.imread(buffer, format="png")[..., :3] * 255).round().astype("uint8")

    def show(self, save_path=None, verbose=True, scale=1, interactive=False):
        """Saves the figure to `save_path` (its extension gives the format: png, pdf, svg, ...; written atomically),
        or shows it on screen (in a notebook, inline) when `save_path` is None.

        Args:
            save_path: where to save the figure, or None to show it.
            verbose: print where it was saved.
            scale: a resolution multiplier for saved images.
            interactive: accepted for FastEstimator's signature; matplotlib figures are static.
        """
        if save_path is None:
            import matplotlib.pyplot as plt
            pixels = self.to_array(scale)
            plt.figure(figsize=(pixels.shape[1] / DPI, pixels.shape[0] / DPI), dpi=DPI)
            plt.imshow(pixels)
            plt.axis("off")
            plt.show()
            return
        save_atomically(lambda path: self.prepare().savefig(path, dpi=DPI * scale), save_path)
        if verbose:
            print(f"kerasfe-Display: saved image to {save_path}")


class CellDisplay(Display):
    """A Display made of square image cells in columns (ImageDisplay, BatchDisplay, GridDisplay)."""

    @abc.abstractmethod
    def cells(self):
        """The figure's content: (column titles, columns of ImageDisplays, the width of a cell in pixels)."""

    def prepare(self):
        from matplotlib.figure import Figure
        titles, columns, col_width = self.cells()
        rows = max(len(column) for column in columns)
        band = TITLE_HEIGHT if any(titles) else 0
        height = rows * col_width + band
        figure = Figure(figsize=(len(columns) * col_width / DPI, height / DPI), dpi=DPI)
        figure.patch.set_facecolor("white")
        for col, (title, column) in enumerate(zip(titles, columns)):
            if title:
                figure.text((col + 0.5) / len(columns), 1 - band / 2 / height, title, ha="center", va="center",
                            fontsize=_font_size(title, col_width, 14), family="monospace")
            for row, cell in enumerate(column):
                bottom = 1 - (band + (row + 1) * col_width) / height
                axis = figure.add_axes((col / len(columns), bottom, 1 / len(columns), col_width / height))
                cell.draw(axis, col_width)
        return figure


class ImageDisplay(CellDisplay):
    """An image with its annotations: text, masks, bounding boxes, keypoints, a title.

    Args:
        image: (H, W), (H, W, 1) or (H, W, 3) (channels-first (1|3, H, W) is moved to channels last).
        text: a string or one value, written at the center.
        masks: (H, W) or (H, W, C) masks, optionally with labels: `(masks, [label per channel])`.
        bboxes: boxes (x0, y0, width, height[, label]) from the top left, or an (N, 4|5) array.
        keypoints: (2,) or (N, 2) (x, y) points, optionally with labels: `(points, [labels])`; negative ones are
            not drawn.
        title: the title above the image.
        mask_threshold: masks are binarised at this value (1 where > threshold) if given.
        color_map: the matplotlib colormap of 1-channel images, or (image map, continuous-mask map).

    Example:
        >>> display = ImageDisplay(image=np.eye(4), bboxes=[(0, 0, 2, 2, "box")], title="eye")
        >>> display.to_array().shape  # one 280-pixel cell under a title band
        (310, 280, 3)
    """

    def __init__(self, image=None, text=None, masks=None, bboxes=None, keypoints=None, title=None,
                 mask_threshold=None, color_map=("gray", "turbo")):
        image = _to_numpy(image)
        if image is not None:
            if image.ndim not in (2, 3):
                raise ConfigError(f"ImageDisplay: an image has 2 or 3 dimensions; got shape {image.shape}")
            if image.ndim == 3 and image.shape[0] in (1, 3) and image.shape[-1] not in (1, 3):
                image = np.moveaxis(image, 0, -1)
            if image.ndim == 3 and image.shape[-1] not in (1, 3):
                raise ConfigError(f"ImageDisplay: an image has 1 or 3 channels; got shape {image.shape}")
        self.image = image
        self.text = self._text(text)
        color_map = _as_list(color_map)
        self.img_color_map, self.mask_color_map = color_map[0], color_map[-1]
        self.masks, self.mask_labels = self._masks(masks, mask_threshold)
        self.bboxes = self._bboxes(bboxes)
        self.keypoints, self.keypoint_labels = self._keypoints(keypoints)
        self.title = title or ""

    @staticmethod
    def _text(text):
        text = _to_numpy(text)
        if text is None:
            return None
        if isinstance(text, np.ndarray):
            if text.size != 1:
                raise ConfigError(f"ImageDisplay: text is one value; got shape {text.shape}")
            text = text.reshape(-1)[0].item()
        return text.decode("utf8") if isinstance(text, bytes) else str(text)

    def _masks(self, masks, threshold):
        masks, labels = (masks if isinstance(masks, tuple) else (masks, None))
        masks, labels = _to_numpy(masks), [str(label) for label in _as_list(labels)]
        if masks is None:
            return [], []
        if masks.ndim not in (2, 3):
            raise ConfigError(f"ImageDisplay: masks are (H, W) or (H, W, C); got shape {masks.shape}")
        masks = np.moveaxis(masks.reshape(masks.shape + (1,) * (3 - masks.ndim)), -1, 0).astype("float64")
        if threshold is not None:
            masks = (masks > threshold).astype("float64")
        if np.unique(masks).size > 2:  # continuous masks: one map of their maximum
            if labels:
                raise ConfigError("ImageDisplay: continuous masks (no mask_threshold) cannot have labels")
            masks = masks.max(axis=0, keepdims=True)
        if labels and len(labels) != len(masks):
            raise ConfigError(f"ImageDisplay: {len(labels)} mask labels for {len(masks)} masks")
        return list(masks), labels or [""] * len(masks)

    @staticmethod
    def _bboxes(bboxes):
        boxes = []
        for box in [] if bboxes is None else [bboxes] if hasattr(bboxes, "shape") else bboxes:
            box = _to_numpy(box)
            for row in np.atleast_2d(box) if isinstance(box, np.ndarray) else [box]:
                if len(row) not in (4, 5):
                    raise ConfigError(f"ImageDisplay: a box is (x0, y0, width, height[, label]); got {row}")
                boxes.append(tuple(row))
        return boxes

    @staticmethod
    def _keypoints(keypoints):
        points, labels = (keypoints if isinstance(keypoints, tuple) else (keypoints, None))
        points = _to_numpy(points)
        if points is None:
            return [], []
        points = np.atleast_2d(np.asarray(points, dtype="float64"))
        if points.ndim != 2 or points.shape[1] != 2:
            raise ConfigError(f"ImageDisplay: keypoints are (2,) or (N, 2); got shape {points.shape}")
        labels = [str(label) for label in _as_list(labels)]
        if labels and len(labels) != len(points):
            raise ConfigError(f"ImageDisplay: {len(labels)} keypoint labels for {len(points)} keypoints")
        return list(points), labels or [""] * len(points)

    def cells(self):
        return [self.title], [[self]], 280

    def draw(self, axis, col_width):
        """Draws the image and its annotations into a matplotlib Axes (one cell `col_width` pixels wide)."""
        import matplotlib.patches
        axis.set_axis_off()
        if self.image is not None:
            axis.imshow(to_rgb(self.image, self.img_color_map), interpolation="nearest")
        else:
            axis.set_xlim(0, 1)
            axis.set_ylim(1, 0)
        colors = colormap("tab10")
        for index, (mask, label) in enumerate(zip(self.masks, self.mask_labels)):
            if np.unique(mask).size > 2:
                overlay = colormap(self.mask_color_map)(mask)
                overlay[..., 3] = 0.5 * mask
            else:
                overlay = np.zeros(mask.shape + (4,))
                overlay[mask > 0] = (*colors(index % 10)[:3], 0.5)
            axis.imshow(overlay, interpolation="nearest")
            if label:
                axis.plot([], [], color=colors(index % 10), linewidth=4, label=label)
        for index, box in enumerate(self.bboxes):
            x0, y0, width, height = (float(value) for value in box[:4])
            if width <= 0 or height <= 0:
                continue
            color = colors(index % 10)
            axis.add_patch(matplotlib.patches.Rectangle((x0 - 0.5, y0 - 0.5), width, height, fill=False,
                                                        edgecolor=color, linewidth=2))
            if len(box) == 5:
                axis.text(x0 - 0.5, y0 - 0.5, str(box[4]), color=color, fontsize=8, va="bottom",
                          family="monospace")
        for index, ((x, y), label) in enumerate(zip(self.keypoints, self.keypoint_labels)):
            if np.isfinite(x) and np.isfinite(y) and x >= 0 and y >= 0:
                axis.scatter([x], [y], s=20, color=colors(index % 10) if label else "red", label=label or None)
        if any(self.mask_labels) or any(self.keypoint_labels):
            axis.legend(loc="lower right", fontsize=6)
        if self.text:
            axis.text(0.5, 0.5, self.text, transform=axis.transAxes, ha="center", va="center", family="monospace",
                      fontsize=_font_size(self.text, col_width, 45))


class BatchDisplay(CellDisplay):
    """A column of `ImageDisplay`s, one per element of a batch, under one title.

    Args:
        image: (N, H, W[, C]) images (or a list of them).
        text: one text or value per element.
        masks: (N, H, W[, C]) masks, optionally `(masks, [label per channel])`.
        bboxes: per element, its boxes (see ImageDisplay).
        keypoints: (N, K, 2) or (N, 2) points, optionally `(points, [label per keypoint])`.
        title: the column's title.
        mask_threshold, color_map: as for ImageDisplay.

    Example:
        >>> display = BatchDisplay(image=np.zeros((3, 4, 4, 1)), text=[0, 1, 2], title="x")
        >>> display.batch_size, display.to_array().shape
        (3, (1230, 400, 3))
    """

    def __init__(self, image=None, text=None, masks=None, bboxes=None, keypoints=None, title=None,
                 mask_threshold=None, color_map=("gray", "turbo")):
        masks, mask_labels = masks if isinstance(masks, tuple) else (masks, None)
        keypoints, keypoint_labels = keypoints if isinstance(keypoints, tuple) else (keypoints, None)
        parts = [[] if value is None else _to_numpy(value) for value in (image, text, masks, bboxes, keypoints)]
        self.batch = [ImageDisplay(image=img, text=txt, masks=(mask, mask_labels) if mask_labels else mask,
                                   bboxes=box, keypoints=(point, keypoint_labels) if keypoint_labels else point,
                                   mask_threshold=mask_threshold, color_map=color_map)
                      for img, txt, mask, box, point in zip_longest(*parts, fillvalue=None)]
        self.batch_size = len(self.batch) or 1
        self.title = title or ""

    def cells(self):
        return [self.title], [self.batch or [ImageDisplay()]], 400


class GridDisplay(CellDisplay):
    """Columns of `BatchDisplay`s (same batch size) or of single `ImageDisplay`s side by side.

    Args:
        columns: the BatchDisplays (or ImageDisplays) of each column.

    Example:
        >>> images = np.zeros((2, 4, 4))
        >>> grid = GridDisplay([BatchDisplay(image=images, title="a"), BatchDisplay(text=["x", "y"], title="b")])
        >>> grid.batch_size, grid.to_array().shape
        (2, (590, 560, 3))
    """

    def __init__(self, columns):
        columns = list(columns)
        if not columns:
            raise ConfigError("GridDisplay: give at least one column")
        sizes = {column.batch_size if isinstance(column, BatchDisplay) else 1 for column in columns}
        if len(sizes) > 1 or (any(isinstance(c, ImageDisplay) for c in columns) and sizes != {1}):
            raise ConfigError(f"GridDisplay: every column needs the same batch size; got "
                              f"{[getattr(column, 'batch_size', 1) for column in columns]} (ImageDisplays count 1)")
        self.columns, self.batch_size = columns, sizes.pop()

    def cells(self):
        col_width = min(1500, 280 * len(self.columns)) // len(self.columns)
        return ([column.title for column in self.columns],
                [column.batch or [ImageDisplay()] if isinstance(column, BatchDisplay) else [column]
                 for column in self.columns], col_width)


class SummaryDisplay(Display):
    """Summaries side by side (e.g. LabelTracker's, one per label): one panel per (mode, key), one line per
    Summary; (low, mean, high) values are drawn as a line with a band.

    Args:
        summaries: `kerasfe.summary.Summary` objects (or one).

    Example:
        >>> from kerasfe.summary import Summary
        >>> first, second = Summary("cat"), Summary("dog")
        >>> first.history = {"eval": {"ce": {1: (0.5, 1.0, 1.5), 2: (0.2, 0.4, 0.6)}}}
        >>> second.history = {"eval": {"ce": {1: 2.0, 2: 1.0}}}
        >>> [axis.get_title() for axis in SummaryDisplay([first, second]).prepare().axes]
        ['eval: ce']
    """

    def __init__(self, summaries):
        self.summaries = _as_list(summaries)

    def prepare(self):
        from matplotlib.figure import Figure
        panels = sorted({(mode, key) for summary in self.summaries for mode, values in summary.history.items()
                         for key in values if key != "epoch"})
        figure = Figure(figsize=(6, 2.5 * max(len(panels), 1)), dpi=DPI)
        for index, (mode, key) in enumerate(panels):
            axis = figure.add_subplot(len(panels), 1, index + 1)
            for summary in self.summaries:
                values = summary.history.get(mode, {}).get(key, {})
                if not values:
                    continue
                steps = sorted(values)
                points = np.array([np.broadcast_to(np.asarray(values[step], "float64"), (3,)) for step in steps])
                line = axis.plot(steps, points[:, 1], marker=".", label=str(summary.name))[0]
                if not np.allclose(points[:, 0], points[:, 2]):
                    axis.fill_between(steps, points[:, 0], points[:, 2], color=line.get_color(), alpha=0.2)
            axis.set_title(f"{mode}: {key}")
            axis.set_xlabel("step")
            axis.legend(fontsize=7)
        figure.tight_layout()
        return figure
