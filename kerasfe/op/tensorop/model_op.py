"""ModelOp: calls a keras model on batch keys."""
from kerasfe.op.tensorop.tensorop import TensorOp


class ModelOp(TensorOp):
    """Calls `model` on the `inputs` keys and writes its output(s) to `outputs`.

    The model runs with `training=True` only in the train mode and only when `trainable` is True, so a
    frozen feature extractor keeps its BatchNorm statistics. Gradients still flow through it.

    Args:
        model: a keras model, usually from `fe.build`.
        inputs: key(s) passed to the model (several keys are passed as a list).
        outputs: key(s) for the model's output(s).
        trainable: whether the model runs in training mode during training.

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
        >>> op = ModelOp(model=model, inputs="x", outputs="y_pred")
        >>> tuple(op.forward(keras.ops.ones((4, 3)), {"mode": "train", "training": True}).shape)
        (4, 2)
    """

    def __init__(self, model, inputs, outputs, mode=None, ds_id=None, trainable=True):
        self.model = model
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        self.trainable = trainable

    def describe(self):
        return f"ModelOp({self.model.name})"

    def variables_read(self):
        return list(self.model.variables)

    def forward(self, data, state):
        return self.model(data, training=bool(state.get("training")) and self.trainable)
