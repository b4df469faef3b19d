"""LayerOp: runs a Keras layer (a preprocessing or augmentation layer) on batch keys inside the step."""
from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.tensorop import TensorOp


@serializable
class LayerOp(TensorOp):
    """Calls a Keras layer on the `inputs` key(s), e.g. `keras.layers.RandomFlip`, `RandAugment`,
    `RandomErasing`, `Resizing`. The layer gets `training=True` only while training, so random
    augmentations act on training batches only. The Network carries the layer's state (its seed
    generator), so under JAX each step draws new augmentations.

    Args:
        layer: a `keras.layers.Layer`.
        inputs: key(s) passed to the layer.
        outputs: key(s) for its output(s).
        mode: defaults to every mode.

    Example:
        >>> import keras
        >>> op = LayerOp(keras.layers.RandomFlip("horizontal", seed=0), inputs="x", outputs="x", mode="train")
        >>> tuple(op.forward(keras.ops.ones((2, 8, 8, 3)), {"mode": "train", "training": True}).shape)
        (2, 8, 8, 3)
    """

    def __init__(self, layer, inputs, outputs, mode=None, ds_id=None):
        self.layer = layer
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)

    def describe(self):
        return f"LayerOp({self.layer.name})"

    def state_objects(self):
        return [self.layer]

    def variables_read(self):
        return list(self.layer.variables)

    def forward(self, data, state):
        return self.layer(data, training=bool(state.get("training")))
