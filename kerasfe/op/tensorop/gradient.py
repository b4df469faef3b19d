"""Gradients as batch data: Watch, GradientOp, FGSM."""
import keras

from kerasfe.errors import ConfigError
from kerasfe.op.op import to_list
from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.tensorop import TensorOp


def _record(op, state):
    record = state.get("record")
    if record is None:
        raise ConfigError(f"{op.describe()} takes gradients inside a fe.Network step; run it in a Network")
    return record


@serializable
class Watch(TensorOp):
    """Marks keys whose values at this point later ops differentiate with respect to (GradientOp, FGSM).

    Without a Watch, a gradient w.r.t. a key is taken w.r.t. its last written value. Gradients work the
    same on every backend (see `kerasfe.network.record`).

    Example:
        >>> import keras, numpy as np, kerasfe as fe
        >>> from kerasfe.op.tensorop import GradientOp, LambdaOp
        >>> network = fe.Network(ops=[Watch(inputs="x"), LambdaOp(fn=keras.ops.square, inputs="x", outputs="x2"),
        ...                           GradientOp(finals="x2", inputs="x", outputs="dx")])
        >>> network.predict({"x": np.array([[1.0, 2.0]], "float32")}, verbose=0)["dx"].tolist()
        [[2.0, 4.0]]
    """

    def __init__(self, inputs, mode=None, ds_id=None):
        super().__init__(inputs=inputs, outputs=None, mode=mode, ds_id=ds_id)

    def forward(self, data, state):
        _record(self, state).watch(self.inputs)


@serializable
class GradientOp(TensorOp):
    """Writes the gradient of `sum(finals)` w.r.t. batch keys (`inputs`) or a model's trainable variables.

    The gradients are differentiable: a loss on them (a gradient penalty) still trains the models.

    Args:
        finals: the key to differentiate.
        outputs: one key per input key, or one key that receives the list of variable gradients.
        inputs: keys to differentiate with respect to (their value at their `Watch`, else their last
            write).
        model: differentiate w.r.t. this model's trainable variables instead.

    Example:
        >>> import keras, numpy as np, kerasfe as fe
        >>> from kerasfe.op.tensorop import LambdaOp, ModelOp
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, use_bias=False)])
        >>> network = fe.Network(ops=[ModelOp(model, "x", "y"),
        ...                           GradientOp(finals="y", model=model, outputs="dy_dw")])
        >>> gradient = network.predict({"x": np.array([[1.0, 2.0]], "float32")}, verbose=0)["dy_dw"]
        >>> gradient[0].ravel().tolist()  # d(x @ w) / dw = x
        [1.0, 2.0]
    """

    def __init__(self, finals, outputs, inputs=None, model=None, mode=None, ds_id=None):
        keys = to_list(inputs)
        if (model is None) == (not keys):
            raise ConfigError("GradientOp: give either inputs (keys) or model, not both or neither")
        if model is not None and len(to_list(outputs)) != 1:
            raise ConfigError(f"GradientOp: the gradients w.r.t. model '{model.name}' go to one output key; "
                              f"got {to_list(outputs)}")
        if keys and len(keys) != len(to_list(outputs)):
            raise ConfigError(f"GradientOp: one output key per input key; got inputs={keys}, outputs={outputs}")
        self.finals, self.keys, self.model = finals, keys, model
        super().__init__(inputs=keys + [finals], outputs=outputs, mode=mode, ds_id=ds_id)

    def forward(self, data, state):
        variables = self.model.trainable_variables if self.model is not None else []
        grads = _record(self, state).gradient(self.finals, keys=self.keys, variables=variables, state=state)
        if self.model is not None:
            return grads
        return grads if self.out_list else grads[0]


@serializable
class FGSM(TensorOp):
    """The Fast Gradient Sign Method: `data + epsilon * sign(d loss / d data)`, clipped to [clip_low, clip_high].

    The perturbation is a constant for the update (the sign has no gradient), so the adversarial
    loss trains the model through its second pass. Put `Watch(inputs=data)` before the first pass.

    Args:
        data: the key of the input to perturb.
        loss: the key of the loss to increase.
        outputs: the key of the adversarial input.
        epsilon: the size of the perturbation.
        clip_low, clip_high: bounds of the adversarial input (None: unbounded).

    Example:
        >>> import keras, numpy as np, kerasfe as fe
        >>> from kerasfe.op.tensorop import LambdaOp
        >>> network = fe.Network(ops=[Watch(inputs="x"), LambdaOp(fn=lambda x: -x, inputs="x", outputs="loss"),
        ...                           FGSM(data="x", loss="loss", outputs="x_adv", epsilon=0.1, clip_low=0.0)])
        >>> [round(v, 2) for v in network.predict({"x": np.array([[0.05, 0.5]], "float32")}, verbose=0)["x_adv"][0].tolist()]
        [0.0, 0.4]
    """

    def __init__(self, data, loss, outputs, epsilon=0.01, clip_low=None, clip_high=None, mode=None, ds_id=None):
        super().__init__(inputs=[data, loss], outputs=outputs, mode=mode, ds_id=ds_id)
        self.data, self.loss, self.epsilon = data, loss, epsilon
        self.clip_low, self.clip_high = clip_low, clip_high

    def forward(self, data, state):
        value = data[0]
        (gradient,) = _record(self, state).gradient(self.loss, keys=[self.data], state=state)
        perturbation = self.epsilon * keras.ops.sign(keras.ops.stop_gradient(gradient))
        adversarial = value + keras.ops.cast(perturbation, value.dtype)
        if self.clip_low is not None or self.clip_high is not None:
            low = float("-inf") if self.clip_low is None else self.clip_low
            high = float("inf") if self.clip_high is None else self.clip_high
            adversarial = keras.ops.clip(adversarial, low, high)
        return adversarial
