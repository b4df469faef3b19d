"""The ops that give Grad-CAM / EigenCAM a named layer's activations and the gradients of the class score."""
import keras

from kerasfe.errors import ConfigError
from kerasfe.op.tensorop import GradientOp, LambdaOp, ModelOp
from kerasfe.xai.saliency import pick_scores


def split_model(model, layer):
    """(`model`'s inputs -> `layer`'s output, `layer`'s output -> `model`'s output): two Keras models sharing the
    model's layers and weights. The model must reach its output from that layer only (no skip around it).

    Example:
        >>> model = keras.Sequential([keras.Input((6, 6, 1)), keras.layers.Conv2D(2, 3, name="conv"),
        ...                           keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(3)])
        >>> features, head = split_model(model, "conv")
        >>> features.output_shape, head.output_shape
        ((None, 4, 4, 2), (None, 3))
    """
    names = [item.name for item in model.layers]
    if layer not in names:
        raise ConfigError(f"cam_ops: model '{model.name}' has no layer '{layer}'; its layers are {names}")
    output = model.get_layer(layer).output
    try:
        head = keras.Model(output, model.outputs[0], name=f"{model.name}_after_{layer}")
    except ValueError as error:
        raise ConfigError(f"cam_ops: the output of model '{model.name}' does not depend on its inputs through "
                          f"layer '{layer}' only (a connection skips it), so the gradient w.r.t. that layer "
                          f"cannot be replayed; pick a layer every path goes through ({error})") from None
    features = keras.Model(model.inputs, output, name=f"{model.name}_to_{layer}")
    for part in (features, head):
        part.optimizer = None  # views of the model's weights, never stepped (the model's own optimizer trains them)
    return features, head


def cam_ops(model, layer, inputs, activations, grads=None, outputs=None, labels=None, mode="!train"):
    """TensorOps that write `layer`'s activations (for EigenCAM) and the gradient of each sample's class score
    w.r.t. them (for GradCAM) into the batch, as FastEstimator does with ModelOp(intermediate_layers=...) and a
    GradientOp. Add them to the Network (they run the model a second time, frozen, in `mode`).

    Args:
        model: a functional or Sequential keras model.
        layer: the name of the layer (usually the last conv layer).
        inputs: the batch key of the model's input.
        activations: the key for the layer's output (batch, height, width, channels).
        grads: the key for the gradients (None: no gradient).
        outputs: the key for the model's prediction (None: a private key).
        labels: the key of each sample's class (None: the class the model predicts).
        mode: where the ops run.

    Example:
        >>> import numpy as np, kerasfe as fe
        >>> model = keras.Sequential([keras.Input((6, 6, 1)), keras.layers.Conv2D(2, 3, name="conv"),
        ...                           keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(3)])
        >>> network = fe.Network(ops=cam_ops(model, "conv", "x", "acts", "grads", mode="infer"))
        >>> out = network.predict({"x": np.ones((2, 6, 6, 1), "float32")}, verbose=0)
        >>> out["acts"].shape, out["grads"].shape
        ((2, 4, 4, 2), (2, 4, 4, 2))
    """
    features, head = split_model(model, layer)
    outputs = outputs or f"CAM_Prediction_{layer}"
    ops = [ModelOp(model=features, inputs=inputs, outputs=activations, mode=mode, trainable=False),
           ModelOp(model=head, inputs=activations, outputs=outputs, mode=mode, trainable=False)]
    if grads is not None:
        score = f"CAM_Score_{layer}"
        ops += [LambdaOp(fn=pick_scores, inputs=[outputs] + ([labels] if labels else []), outputs=score, mode=mode),
                GradientOp(finals=score, inputs=activations, outputs=grads, mode=mode)]
    return ops
