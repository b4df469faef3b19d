"""MultiVariateAlbumentation: moves an image together with its mask(s), bounding boxes and keypoints."""
import inspect

import numpy as np

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop.albumentation import AlbumentationRunner
from kerasfe.op.numpyop.albumentation import albumentations as A
from kerasfe.op.numpyop.numpyop import NumpyOp

_TARGETS = ("image", "mask", "masks", "bboxes", "keypoints")
_MIN_COLUMNS = {"bboxes": 4, "keypoints": 2}
_KEY_ARGS = {"image": "image", "mask": "mask", "masks": "masks", "bboxes": "bbox", "keypoints": "keypoints"}
_KEYWORDS = ("mode", "ds_id", "image_in", "mask_in", "masks_in", "bbox_in", "keypoints_in", "image_out", "mask_out",
             "masks_out", "bbox_out", "keypoints_out", "bbox_params", "keypoint_params")


class MultiVariateAlbumentation(NumpyOp):
    """Runs one albumentations transform on an image and the targets that must move with it.

    Each target is read from `<name>_in` and written to `<name>_out` (default: back to `<name>_in`):
    `image`, `mask` (H, W[, C]), `masks` (N, H, W), `bbox` (N, 4 + extra columns, e.g. a label; format
    per `bbox_params`, default "pascal_voc" = x_min, y_min, x_max, y_max in pixels) and `keypoints`
    (N, 2 + extra; format per `keypoint_params`, default "xy"). Boxes that leave the image are dropped,
    keypoints are kept.

    A subclass that also defines `transform_batch(batch, params, target)` (and, when random,
    `batch_params(shape, state)`) runs once per batch of images and masks when it ends the op list,
    with the same result per sample as albumentations for the same parameters; random parameters are
    then drawn per sample from the batch's seeded generator.

    Args:
        transform: an albumentations transform (p=1.0; wrap the op in `Sometimes` for a probability).
        image_in, mask_in, masks_in, bbox_in, keypoints_in: input keys (None: target not used).
        image_out, mask_out, masks_out, bbox_out, keypoints_out: output keys (None: same as the input).
        bbox_params: an albumentations `BboxParams` or a format name ("pascal_voc", "coco", "yolo", "albumentations").
        keypoint_params: an albumentations `KeypointParams` or a format name ("xy", "xya", ...).
        mode, ds_id: as for every Op.

    A subclass may take these keys as `**keys`; its signature (`inspect.signature`, help()) then lists them by
    name, after its own parameters, as FastEstimator's ops do.

    Example:
        >>> import albumentations as A, numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op = MultiVariateAlbumentation(A.HorizontalFlip(p=1.0), image_in="x", bbox_in="box")
        >>> sample = {"x": np.zeros((4, 10), "uint8"), "box": np.array([[0, 0, 3, 2]], "float32")}
        >>> op.apply(sample, SampleState("train"))
        >>> sample["box"].round(3).tolist()
        [[7.0, 0.0, 10.0, 2.0]]
    """

    def __init__(self, transform, image_in=None, mask_in=None, masks_in=None, bbox_in=None, keypoints_in=None,
                 image_out=None, mask_out=None, masks_out=None, bbox_out=None, keypoints_out=None, bbox_params=None,
                 keypoint_params=None, mode=None, ds_id=None):
        given_in = dict(zip(_TARGETS, (image_in, mask_in, masks_in, bbox_in, keypoints_in)))
        given_out = dict(zip(_TARGETS, (image_out, mask_out, masks_out, bbox_out, keypoints_out)))
        for target, key in given_out.items():
            if key is not None and given_in[target] is None:
                raise ConfigError(f"{type(self).__name__}: {_KEY_ARGS[target]}_out is set but "
                                  f"{_KEY_ARGS[target]}_in is not")
        self.targets = [target for target in _TARGETS if given_in[target] is not None]
        if ("bboxes" in self.targets or "keypoints" in self.targets) and image_in is None:
            raise ConfigError(f"{type(self).__name__}: bbox_in and keypoints_in need an image_in (for the image size)")
        if not self.targets:
            raise ConfigError(f"{type(self).__name__}: give at least one of image_in, mask_in, masks_in, bbox_in, "
                              "keypoints_in")
        super().__init__(inputs=[given_in[t] for t in self.targets],
                         outputs=[given_out[t] or given_in[t] for t in self.targets], mode=mode, ds_id=ds_id)
        compose_args = {}
        if "bboxes" in self.targets:
            compose_args["bbox_params"] = _params(bbox_params, A.BboxParams, "pascal_voc")
        if "keypoints" in self.targets:
            compose_args["keypoint_params"] = _params(keypoint_params, A.KeypointParams, "xy", remove_invisible=False)
        # A.Compose is needed only to convert boxes and keypoints; a bare transform saves its per-call checks
        self.transform = transform
        self.runner = AlbumentationRunner(A.Compose([transform], **compose_args) if compose_args else transform)
        self.extra_inputs = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        own = inspect.signature(cls.__init__).parameters
        if any(param.kind is inspect.Parameter.VAR_KEYWORD for param in own.values()):
            params = [param for name, param in own.items()
                      if name != "self" and param.kind is not inspect.Parameter.VAR_KEYWORD]
            params += [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None)
                       for name in _KEYWORDS if name not in own]
            cls.__signature__ = inspect.Signature(params)

    def add_extra_input(self, target, key):
        """Also reads `key` and hands it to the transform as the data `target` (e.g. RandomCropNearBBox's
        "cropping_bbox"); it is not written back."""
        self.extra_inputs[target] = key
        self.inputs.append(key)

    def has_batch_form(self):
        """Whether the op runs on whole batches: its class defines `transform_batch` and it moves only images
        and masks (boxes and keypoints differ in count per sample)."""
        return (callable(getattr(self, "transform_batch", None)) and set(self.targets) <= {"image", "mask"}
                and not self.extra_inputs)

    def forward_batch(self, data, state):
        """The op on a batch (B, H, W[, C]) of images and masks: `batch_params` once, then `transform_batch`."""
        data = [np.asarray(value) for value in data]
        params = self.batch_params(data[0].shape, state)
        return [self.transform_batch(value, params, target) for target, value in zip(self.targets, data)]

    def batch_params(self, shape, state):
        """The parameters of a batch of `shape` (B, H, W, ...), per sample where random (None: none needed)."""
        return None

    def forward(self, data, state):
        targets = dict(zip(self.targets, data))
        targets.update(zip(self.extra_inputs, data[len(self.targets):]))
        for name in ("bboxes", "keypoints"):
            if name in targets:
                points = np.asarray(targets[name], "float32")
                targets[name] = points.reshape(-1, points.shape[-1] if points.ndim > 1 else _MIN_COLUMNS[name])
        if "image" not in targets:  # albumentations 2 reads the size from an image: masks alone get a stand-in
            mask = targets["mask"] if "mask" in targets else np.asarray(targets["masks"])[0]
            targets["image"] = np.zeros(np.shape(mask)[:2], "uint8")
        result = self.runner(state, **targets)
        return [np.asarray(result[t], "float32") if t in _MIN_COLUMNS else result[t] for t in self.targets]


def _params(value, params_class, default_format, **defaults):
    if value is None:
        return params_class(format=default_format, **defaults)
    if isinstance(value, str):
        return params_class(format=value, **defaults)
    return value
