"""UpdateOp: marks "step this model's optimizer on this loss"."""
from kerasfe.errors import ConfigError
from kerasfe.op.tensorop.tensorop import TensorOp


class UpdateOp(TensorOp):
    """Steps `model`'s optimizer with the gradient of `loss_name` w.r.t. that model's trainable variables.

    The Network runs every forward op first, then takes the gradients for every UpdateOp of the
    step from that one forward pass, then applies them. A loss that is not a scalar (per-sample
    losses) is averaged first.

    Args:
        model: a model from `fe.build` (it carries its optimizer).
        loss_name: the batch key of the loss.
        mode: defaults to "train".

    Example:
        >>> import keras, kerasfe as fe
        >>> model = fe.build(lambda: keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)]), "sgd")
        >>> UpdateOp(model=model, loss_name="mse").inputs
        ['mse']
    """

    def __init__(self, model, loss_name, mode="train", ds_id=None):
        if getattr(model, "optimizer", None) is None:
            raise ConfigError(f"UpdateOp({getattr(model, 'name', model)}): the model has no optimizer; "
                              "create it with fe.build(model_fn, optimizer_fn)")
        self.model = model
        super().__init__(inputs=loss_name, outputs=None, mode=mode, ds_id=ds_id)
        self.loss_name = loss_name

    def describe(self):
        return f"UpdateOp({self.model.name})"

    def forward(self, data, state):
        return None
