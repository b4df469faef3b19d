"""Bases of the univariate NumpyOps: the same transform applied to each input key separately."""
import inspect

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop.albumentation import AlbumentationRunner
from kerasfe.op.numpyop.albumentation import albumentations as A
from kerasfe.op.numpyop.numpyop import NumpyOp


class UnivariateOp(NumpyOp):
    """Applies `transform(value, state)` to every input and writes the results to the outputs.

    `outputs` defaults to `inputs` (transform in place).

    Example:
        >>> import numpy as np
        >>> class Negate(UnivariateOp):
        ...     def transform(self, value, state):
        ...         return -value
        >>> sample = {"a": np.array(1), "b": np.array(2)}
        >>> Negate(inputs=["a", "b"]).apply(sample, {"mode": "train"})
        >>> int(sample["a"]), int(sample["b"])
        (-1, -2)
    """

    def __init__(self, inputs, outputs=None, mode=None, ds_id=None):
        super().__init__(inputs=inputs, outputs=inputs if outputs is None else outputs, mode=mode, ds_id=ds_id)

    def transform(self, value, state):
        """The transform of one value."""
        raise NotImplementedError(f"{self.describe()} must implement transform(value, state)")

    def forward(self, data, state):
        if self.in_list:
            return [self.transform(value, state) for value in data]
        return self.transform(data, state)


class BatchableOp(UnivariateOp):
    """A UnivariateOp that can also run on a whole batch: `transform_batch` (by default `transform`,
    right for element-wise transforms that broadcast over the batch axis).

    Example:
        >>> import numpy as np
        >>> class Square(BatchableOp):
        ...     def transform(self, value, state):
        ...         return value ** 2
        >>> Square(inputs="x").forward_batch(np.array([[1, 2], [3, 4]]), {"mode": "train"}).tolist()
        [[1, 4], [9, 16]]
    """

    def transform_batch(self, batch, state):
        """The transform of a batch of values (leading axis: samples)."""
        return self.transform(batch, state)

    def forward_batch(self, data, state):
        if self.in_list:
            return [self.transform_batch(value, state) for value in data]
        return self.transform_batch(data, state)


class ImageOnlyAlbumentation(UnivariateOp):
    """Runs an albumentations image-only transform on each input image (H, W) or (H, W, C).

    Several inputs get the same random parameters (one draw per sample), as in FastEstimator.

    Example:
        >>> import albumentations as A, numpy as np
        >>> op = ImageOnlyAlbumentation(A.InvertImg(p=1.0), inputs="x")
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> op.forward(np.zeros((1, 2), "uint8"), SampleState("train")).tolist()
        [[255, 255]]
        >>> pair = ImageOnlyAlbumentation(A.RandomGamma(p=1.0), inputs=["a", "b"])
        >>> a, b = pair.forward([np.full((2, 2), 80, "uint8")] * 2, SampleState("train"))
        >>> bool((a == b).all())
        True
    """

    def __init__(self, transform, inputs, outputs=None, mode=None, ds_id=None):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        self.runner = AlbumentationRunner(transform)
        self.names = ["image"] + [f"image_{index}" for index in range(1, len(self.inputs))]
        if len(self.inputs) > 1:
            self.shared_runner = AlbumentationRunner(A.Compose(
                [transform], additional_targets={name: "image" for name in self.names[1:]}, is_check_shapes=False))

    def transform(self, value, state):
        return self.runner(state, image=value, **self.extra_data(state))["image"]

    def forward(self, data, state):
        if not self.in_list or len(data) == 1:
            return super().forward(data, state)
        result = self.shared_runner(state, **dict(zip(self.names, data)), **self.extra_data(state))
        return [result[name] for name in self.names]

    def extra_data(self, state):
        """Data besides the image that the transform reads (e.g. reference images); none by default."""
        return {}


class AlbumentationOp(ImageOnlyAlbumentation):
    """An ImageOnlyAlbumentation declared as a table row: `albumentation` (the albumentations transform class),
    `defaults` (FastEstimator's parameter names and default values) and, where albumentations 2.x renamed a
    parameter, `renames` ({FastEstimator's name: 2.x name}), `ranges` ({2.x range name: (FastEstimator's low
    name, high name)}) or, for anything else, `albumentation_args(**params)` mapping FastEstimator's names to
    the transform's arguments.

    The parameters are keyword arguments after `inputs, outputs, mode, ds_id`; the class's signature lists them.

    Example:
        >>> import albumentations as A, numpy as np
        >>> from kerasfe.op.numpyop.state import SampleState
        >>> class Gamma(AlbumentationOp):
        ...     albumentation = A.RandomGamma
        ...     defaults = {"gamma_limit": (80, 120)}
        >>> import inspect; str(inspect.signature(Gamma))
        '(inputs, outputs=None, mode=None, ds_id=None, *, gamma_limit=(80, 120))'
        >>> Gamma(inputs="x", gamma_limit=(200, 200)).forward(np.array([0.5], "float32"), SampleState("train")).tolist()
        [0.25]
        >>> class Fog(AlbumentationOp):
        ...     albumentation = A.RandomFog
        ...     defaults = {"fog_coef_lower": 0.3, "fog_coef_upper": 1.0, "alpha": 0.08}
        ...     renames = {"alpha": "alpha_coef"}
        ...     ranges = {"fog_coef_range": ("fog_coef_lower", "fog_coef_upper")}
        >>> Fog(inputs="x", fog_coef_upper=0.5).runner.transform.fog_coef_range
        (0.3, 0.5)
    """

    state_exclude = UnivariateOp.state_exclude + ("params",)  # settings, not state (RestoreWizard)
    albumentation = None
    defaults = {}
    renames = {}
    ranges = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        own = [param for name, param in inspect.signature(cls.__init__).parameters.items()
               if name != "self" and param.kind is not inspect.Parameter.VAR_KEYWORD]
        names = {param.name for param in own}
        cls.__signature__ = inspect.Signature(own + [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY,
                                                                       default=value)
                                                     for name, value in cls.defaults.items() if name not in names])

    def __init__(self, inputs, outputs=None, mode=None, ds_id=None, **params):
        unknown = sorted(set(params) - set(self.defaults))
        if unknown:
            raise ConfigError(f"{type(self).__name__}: unknown parameter(s) {unknown}; it takes {list(self.defaults)}")
        self.params = {**self.defaults, **params}
        transform = self.albumentation(**self.albumentation_args(**self.params), p=1.0)
        super().__init__(transform, inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)

    def albumentation_args(self, **params):
        """The transform's keyword arguments for FastEstimator's parameters: `ranges` joined, `renames` applied."""
        for name, (low, high) in self.ranges.items():
            params[name] = (params.pop(low), params.pop(high))
        return {self.renames.get(name, name): value for name, value in params.items()}
