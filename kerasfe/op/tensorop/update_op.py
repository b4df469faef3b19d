"""UpdateOp: marks "step this model's optimizer on this loss"."""
import keras

from kerasfe.network.build import optimizer_schedule
from kerasfe.errors import ConfigError
from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.tensorop import TensorOp
from kerasfe.schedule import get_all_values


def optimizers_of(model):
    """Every optimizer `fe.build` gave the model (several when its optimizer is scheduled).

    Example:
        >>> import keras, kerasfe as fe
        >>> from kerasfe.schedule import EpochScheduler
        >>> model = fe.build(lambda: keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)]),
        ...                  EpochScheduler({1: "adam", 3: "sgd"}))
        >>> [type(optimizer).__name__ for optimizer in optimizers_of(model)]
        ['Adam', 'SGD']
    """
    schedule = optimizer_schedule(model)
    return get_all_values(schedule) if schedule is not None else [model.optimizer]


@serializable
class UpdateOp(TensorOp):
    """Steps `model`'s optimizer with the gradient of `loss_name` w.r.t. that model's trainable variables.

    The Network runs every forward op first, then takes the gradients for every UpdateOp of the
    step from that one forward pass, then applies them. A loss that is not a scalar (per-sample
    losses) is averaged first.

    Gradient clipping and EMA weights are options of the model's optimizer (`clipnorm`,
    `global_clipnorm`, `use_ema` in `fe.build(model_fn, lambda: keras.optimizers.Adam(clipnorm=1.0))`).
    To freeze a model for some epochs, wrap its UpdateOp in an `EpochScheduler`.

    Args:
        model: a model from `fe.build` (it carries its optimizer).
        loss_name: the batch key of the loss.
        mode: defaults to "train".
        gradients: a batch key holding the gradients to apply (one per trainable variable of the model, as
            `GradientOp(model=...)` writes them) instead of differentiating `loss_name`, which is then only logged.
            Not with mixed precision (a LossScaleOptimizer would unscale gradients that were never scaled).
        merge_grad: accumulate the gradients of this many steps and apply their mean once (Keras's
            `gradient_accumulation_steps`, set on the model's optimizers, whose state carries the
            accumulators): N steps of batch B update like one step of batch N*B.
        defer: FastEstimator's flag to apply the update at the end of the step. kerasfe always does: every
            UpdateOp's gradients come from the one forward pass and are applied after it. An UpdateOp with
            `defer=False` followed by an op that runs its model (which in FastEstimator would see the updated
            weights) is a ConfigError when the Network is made.

    Example:
        >>> import keras, kerasfe as fe
        >>> model = fe.build(lambda: keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)]), "sgd")
        >>> UpdateOp(model=model, loss_name="mse").inputs
        ['mse']
        >>> UpdateOp(model=model, loss_name="mse", gradients="grads").inputs  # apply given gradients
        ['grads']
    """

    def __init__(self, model, loss_name, gradients=None, mode="train", ds_id=None, merge_grad=1, defer=False):
        if getattr(model, "optimizer", None) is None:
            raise ConfigError(f"UpdateOp({getattr(model, 'name', model)}): the model has no optimizer; "
                              "create it with fe.build(model_fn, optimizer_fn)")
        self.model = model
        super().__init__(inputs=loss_name if gradients is None else gradients, outputs=None, mode=mode, ds_id=ds_id)
        self.loss_name = loss_name
        self.gradients = gradients
        self.defer = defer
        self.merge_grad = merge_grad
        if gradients is not None and any(isinstance(optimizer, keras.optimizers.LossScaleOptimizer)
                                         for optimizer in optimizers_of(model)):
            raise ConfigError(f"{self.describe()}: gradients='{gradients}' cannot be applied with mixed precision "
                              "(the model's LossScaleOptimizer would unscale gradients that were never scaled); give "
                              f"loss_name='{loss_name}' alone, and the UpdateOp differentiates it with loss scaling")
        if not isinstance(merge_grad, int) or merge_grad < 1:
            raise ConfigError(f"{self.describe()}: merge_grad must be an int >= 1; got {merge_grad!r}")
        if merge_grad > 1:
            self._accumulate(merge_grad)

    def _accumulate(self, steps):
        for optimizer in optimizers_of(self.model):
            optimizer = getattr(optimizer, "inner_optimizer", optimizer)
            current = optimizer.gradient_accumulation_steps
            if current == steps:
                continue
            if optimizer.built or current:
                raise ConfigError(f"{self.describe()}: merge_grad={steps}, but the model's optimizer was built "
                                  f"to accumulate {current or 1} step(s); give the model a new optimizer")
            optimizer.gradient_accumulation_steps = steps

    def describe(self):
        return f"UpdateOp({self.model.name})"

    def given_gradients(self, batch):
        """The gradients the `gradients` key holds, one per trainable variable of the model, in their order."""
        grads = batch[self.gradients]
        grads = list(grads) if isinstance(grads, (list, tuple)) else [grads]
        variables = self.model.trainable_variables
        if len(grads) != len(variables):
            raise ConfigError(f"{self.describe()}: '{self.gradients}' holds {len(grads)} gradient(s), but model "
                              f"'{self.model.name}' has {len(variables)} trainable variable(s); write them with "
                              f"GradientOp(finals=..., model={self.model.name}, outputs='{self.gradients}')")
        for grad, variable in zip(grads, variables):
            if tuple(grad.shape) != tuple(variable.shape):
                raise ConfigError(f"{self.describe()}: a gradient in '{self.gradients}' has shape "
                                  f"{tuple(grad.shape)}, but its variable '{variable.path}' has {tuple(variable.shape)}")
        return grads

    def forward(self, data, state):
        return None
