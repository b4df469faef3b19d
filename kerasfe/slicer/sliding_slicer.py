"""SlidingSlicer: sliding windows over a batch (tiles of a large image, patches of a volume)."""
import numpy as np

from kerasfe.errors import ConfigError, DataError
from kerasfe.op.op import to_list
from kerasfe.slicer.slicer import Slicer

PAD_MODES = ("drop", "partial", "constant", "nopad", "mirror")
UNSLICE_MODES = ("sum", "avg")


class SlidingSlicer(Slicer):
    """Cuts inputs into windows of `window_size` (one size per axis, -1: the whole axis) stepping by `strides`,
    and un-slices by adding the windows back in place (`unslice_mode="sum"`) or averaging where they overlap
    ("avg"); places no window covers get `pad_val`.

    Args:
        window_size: the window's size along every axis (-1: the input's size there).
        strides: the step along every axis (0 for axes of size -1); one int for every sliding axis; () (default):
            the window size, so windows do not overlap.
        pad_mode: where the windows do not tile an axis: "drop" the last window, keep a "partial" (smaller) one,
            pad with `pad_val` ("constant") or by reflection ("mirror", needs rank > 2), or shift the last window
            back to end at the edge ("nopad").
        pad_val: the padding value ("constant") and the value of places no window covers.
        slice: the key(s) to cut (several keys need the same shape).
        unslice: the key(s) to put back together (default: the `slice` keys; None: none).
        unslice_mode: "sum" or "avg" for overlapping windows.
        unslice_shape: the shape to un-slice to; needed only when this Slicer slices nothing (else the shape of the
            batch it sliced, but for axes the window takes whole (-1), which keep the size of the outputs, so a model
            may change e.g. the number of channels).
        squeeze_window: remove the axes where the window size is 1 for the network, and put them back when
            un-slicing.
        mode: the mode(s) the Slicer runs in.
        ds_id: the data set(s) it runs on.

    Example:
        >>> import numpy as np
        >>> slicer = SlidingSlicer(window_size=[-1, 2], strides=[0, 1], slice="x")
        >>> batch = np.arange(8.0).reshape(2, 4)
        >>> parts = [part[0] for part in slicer.slice_batches((batch,))]
        >>> [part.tolist() for part in parts[:2]]
        [[[0.0, 1.0], [4.0, 5.0]], [[1.0, 2.0], [5.0, 6.0]]]
        >>> np.array_equal(slicer.unslice_batch(parts, key="x"), batch)
        True
    """

    def __init__(self, window_size, strides=(), pad_mode="drop", pad_val=0.0, slice=None,  # noqa: A002
                 unslice=(), unslice_mode="avg", unslice_shape=None, squeeze_window=False, mode=None, ds_id=None):
        super().__init__(slice=slice, unslice=unslice, mode=mode, ds_id=ds_id)
        self.window_size = list(window_size) if isinstance(window_size, (list, tuple)) else [window_size]
        if not self.window_size or any(not isinstance(size, int) or (size < 1 and size != -1)
                                       for size in self.window_size):
            raise ConfigError(f"SlidingSlicer: window_size must be ints > 0 or -1, one per axis; got {window_size!r}")
        if isinstance(strides, int):
            self.strides = [strides if size > 0 else 0 for size in self.window_size]
        else:
            self.strides = list(strides) or [size if size > 0 else 0 for size in self.window_size]
        if len(self.strides) != len(self.window_size) or any(not isinstance(s, int) or s < 0 for s in self.strides):
            raise ConfigError(f"SlidingSlicer: strides must be ints >= 0, as many as window_size {self.window_size}; "
                              f"got {strides!r}")
        if pad_mode not in PAD_MODES:
            raise ConfigError(f"SlidingSlicer: pad_mode must be one of {PAD_MODES}; got {pad_mode!r}")
        if pad_mode == "mirror" and len(self.strides) <= 2:
            raise ConfigError("SlidingSlicer: pad_mode='mirror' needs data of rank > 2 (batch, channel and space)")
        if unslice_mode not in UNSLICE_MODES:
            raise ConfigError(f"SlidingSlicer: unslice_mode must be one of {UNSLICE_MODES}; got {unslice_mode!r}")
        self.pad_mode, self.pad_val, self.unslice_mode = pad_mode, pad_val, unslice_mode
        self.static_unslice_shape = unslice_shape is not None
        self.unslice_shape = to_list(unslice_shape) if unslice_shape is not None else None
        if self.unslice_inputs and not self.slice_inputs and not self.static_unslice_shape:
            raise ConfigError("SlidingSlicer: to un-slice without slicing, give unslice_shape (the shape of the "
                              "reassembled data)")
        self.auto_squeeze = [axis for axis, size in enumerate(self.window_size) if squeeze_window and size == 1]

    def recall(self, batch):
        if self.slice_inputs and not self.static_unslice_shape and self.slice_inputs[0] in batch:
            self.unslice_shape = list(np.shape(batch[self.slice_inputs[0]]))

    def _slice_batch(self, batch):
        shape = list(batch.shape)
        if len(self.window_size) != len(shape):
            raise DataError(f"SlidingSlicer: window_size {self.window_size} has rank {len(self.window_size)}, but "
                            f"the data of {self.slice_inputs} has shape {shape}; they need the same rank")
        if not self.static_unslice_shape:
            self.unslice_shape = shape
        padded = self._pad(batch, shape)
        pieces = [padded[cut] for cut in self._cuts(shape)]
        for axis in reversed(self.auto_squeeze):
            pieces = [np.squeeze(piece, axis=axis) for piece in pieces]
        return pieces

    def _cuts(self, shape):
        """The windows, as tuples of slices, in row-major order of their starts."""
        per_axis = []
        for axis, size in enumerate(shape):
            stride, window = self.strides[axis], self.window_size[axis]
            if stride == 0 or window == -1 or stride >= size:  # as FastEstimator: the whole axis
                per_axis.append([slice(None)])
                continue
            if self.pad_mode == "nopad" and size < window:
                raise DataError(f"SlidingSlicer: pad_mode='nopad' needs axis {axis} ({size}) at least as long as "
                                f"the window ({window})")
            cuts = []
            for start in range(0, size, stride):
                stop = start + window
                if stop > size:
                    if self.pad_mode == "drop":
                        continue
                    if self.pad_mode == "partial":
                        stop = size
                    elif self.pad_mode == "nopad":
                        start, stop = max(size - window, 0), size
                cuts.append(slice(start, stop))
                if stop >= size:
                    break
            per_axis.append(cuts)
        windows = [()]
        for cuts in per_axis:
            windows = [window + (cut,) for window in windows for cut in cuts]
        return windows

    def _paddings(self, shape):
        paddings = []
        for size, window, stride in zip(shape, self.window_size, self.strides):
            pad = 0
            if stride and window != -1:
                stop = next((start + window for start in range(0, size, stride) if start + window >= size), size)
                pad = stop - size
            paddings.append((0, pad))
        return paddings

    def _pad(self, batch, shape):
        if self.pad_mode == "constant":
            return np.pad(batch, self._paddings(shape), mode="constant", constant_values=self.pad_val)
        if self.pad_mode == "mirror":
            return np.pad(batch, self._paddings(shape), mode="reflect")
        return batch

    def _unslice_batch(self, slices, key):
        sample = slices[0]
        for axis in self.auto_squeeze:
            sample = np.expand_dims(sample, axis=axis)
        # axes the window takes whole keep the outputs' own size there (a model may change the channels)
        target = [size if window != -1 or np.ndim(sample) != len(self.window_size) else sample.shape[axis]
                  for axis, (size, window) in enumerate(zip(self.unslice_shape, self.window_size))]
        cuts = self._cuts(target)
        if len(cuts) != len(slices):
            raise DataError(f"SlidingSlicer cannot un-slice '{key}': it got {len(slices)} slices, but a shape of "
                            f"{target} with strides {self.strides} gives {len(cuts)}")
        padded_shape = [size + pad for size, (_, pad) in zip(target, self._paddings(target))] \
            if self.pad_mode in ("constant", "mirror") else list(target)
        dtype = np.float32 if self.unslice_mode == "avg" else slices[0].dtype
        merged = np.zeros(padded_shape, dtype=dtype)
        counts = np.zeros(padded_shape, dtype=np.int32)
        for cut, piece in zip(cuts, slices):
            for axis in self.auto_squeeze:
                piece = np.expand_dims(piece, axis=axis)
            merged[cut] += piece
            counts[cut] += 1
        if self.unslice_mode == "avg":
            merged /= np.maximum(counts, 1)
        merged[counts == 0] = self.pad_val
        return merged[tuple(slice(size) for size in target)]
