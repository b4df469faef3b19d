"""L2Regularization: adds a weight penalty to a loss key."""
from kerasfe.backend.model_functions import l2_regularization
from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.tensorop import TensorOp


@serializable
class L2Regularization(TensorOp):
    """`loss + beta * sum(w ** 2) / 2` over the model's trainable variables.

    Args:
        inputs: the loss key.
        outputs: the regularized loss key (may be the same).
        model: the model whose weights are penalized.
        beta: the penalty's weight.

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, kernel_initializer="ones")])
        >>> op = L2Regularization(inputs="ce", outputs="ce", model=model, beta=0.5)
        >>> float(keras.ops.convert_to_numpy(op.forward(keras.ops.zeros(()), {})))  # kernel [1, 1], bias 0
        0.5
    """

    def __init__(self, inputs, outputs, model, beta=0.01, mode=None, ds_id=None):
        self.model, self.beta = model, beta
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)

    def describe(self):
        return f"L2Regularization({self.model.name})"

    def variables_read(self):
        return list(self.model.trainable_variables)

    def forward(self, data, state):
        return data + l2_regularization(self.model, self.beta)
