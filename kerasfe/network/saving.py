"""A Network as Keras saves it: its config (ops, and each model once with its own optimizer), files written
atomically, and the input signature of its "infer" ops for export.

Keras writes a `.keras` file as the Network's config plus the variables of every Keras object the
Network holds: each model's weights and its own optimizer's state sit under that model; the Network's
OptimizerGroup keeps only its own counters (see `OptimizerGroup.save_own_variables`).
"""
import contextlib
import importlib.util
import os
import tempfile

import keras

from kerasfe.network.build import optimizer_schedule
from kerasfe.errors import ConfigError
from kerasfe.op.tensorop.config import from_config, model_table, to_config


def network_config(network):
    """The Network's Keras config: its name, `eval_on_ema`, its op list (models by name) and its models.

    Example:
        >>> import keras, kerasfe as fe
        >>> from kerasfe.op.tensorop import ModelOp
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)], name="tiny")
        >>> config = network_config(fe.Network(ops=[ModelOp(model, "x", "y")]))
        >>> config["ops"][0]["config"], [m["config"]["name"] for m in config["models"]]
        ({'model': {'kerasfe_model': 'tiny'}, 'inputs': 'x', 'outputs': 'y'}, ['tiny'])
    """
    with model_table() as table:
        ops = to_config(network.op_items, network.name)
    for model in table.models:
        if optimizer_schedule(model) is not None:
            raise ConfigError(f"{network.name}: model '{model.name}' has a schedule of optimizers, which a .keras "
                              "file cannot hold; save its weights (network.save_weights('x.weights.h5')) instead")
    return {"name": network.name, "eval_on_ema": network.eval_on_ema, "ops": ops,
            "models": [keras.saving.serialize_keras_object(model) for model in table.models]}


def network_arguments(config):
    """The Network constructor's arguments from `network_config`'s config: the models first (each compiled
    with its optimizer), then the ops that refer to them.

    Example:
        >>> import keras, kerasfe as fe
        >>> from kerasfe.op.tensorop import ModelOp
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)], name="copied")
        >>> arguments = network_arguments(network_config(fe.Network(ops=[ModelOp(model, "x", "y")])))
        >>> arguments["ops"][0].model is model, arguments["ops"][0].model.name
        (False, 'copied')
    """
    models = [keras.saving.deserialize_keras_object(model) for model in config["models"]]
    with model_table(models):
        ops = from_config(config["ops"], config["name"])
    return {"ops": ops, "name": config["name"], "eval_on_ema": config["eval_on_ema"]}


@contextlib.contextmanager
def atomic_path(filepath, suffix):
    """A temporary path ending in `suffix` in the folder of `filepath`; once the block has written it, it is
    fsynced and renamed to `filepath` (paths not ending in `suffix`, or not paths, are used as they are).

    Example:
        >>> import os, tempfile
        >>> target = os.path.join(tempfile.mkdtemp(), "model.keras")
        >>> with atomic_path(target, ".keras") as temporary:
        ...     _ = open(temporary, "w").write("saved")
        >>> open(target).read(), os.listdir(os.path.dirname(target))
        ('saved', ['model.keras'])
    """
    if not isinstance(filepath, (str, os.PathLike)) or not os.fspath(filepath).endswith(suffix):
        yield filepath
        return
    filepath = os.fspath(filepath)
    folder = os.path.dirname(os.path.abspath(filepath))
    handle, temporary = tempfile.mkstemp(prefix="." + os.path.basename(filepath) + ".", suffix=suffix, dir=folder)
    os.close(handle)
    os.remove(temporary)
    try:
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, filepath)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


# The packages Keras's ONNX export imports on each backend. On PyTorch, Keras uses the TorchScript exporter for
# a free batch axis and falls back to it where torch's dynamo exporter (which needs onnxscript) fails.
ONNX_EXPORTERS = {"tensorflow": ("onnx", "tf2onnx"), "jax": ("onnx", "jax2onnx"), "torch": ("onnx",)}


def check_export_packages(owner, export_format, backend_name):
    """Raises ConfigError naming the format, the backend and the fix when Keras cannot export
    `export_format` on `backend_name` or the packages it needs for that are not installed (only "onnx"
    needs packages beyond the backend's own: onnx, and tf2onnx or jax2onnx).

    Example:
        >>> check_export_packages("network", "onnx", "openvino")
        Traceback (most recent call last):
        ...
        kerasfe.errors.ConfigError: network: Keras cannot export format 'onnx' on the 'openvino' backend; export with KERAS_BACKEND set to one of ['jax', 'tensorflow', 'torch']
    """
    if export_format != "onnx":
        return
    if backend_name not in ONNX_EXPORTERS:
        raise ConfigError(f"{owner}: Keras cannot export format 'onnx' on the '{backend_name}' backend; export "
                          f"with KERAS_BACKEND set to one of {sorted(ONNX_EXPORTERS)}")
    missing = [name for name in ONNX_EXPORTERS[backend_name] if importlib.util.find_spec(name) is None]
    if missing:
        raise ConfigError(f"{owner}: export format 'onnx' on the '{backend_name}' backend needs the packages "
                          f"{missing}, which are not installed; pip install kerasfe[export]")


def infer_input_signature(network, batch_spec):
    """{key: keras.InputSpec} for the batch keys the "infer" ops read (not those they write), shaped like
    `batch_spec` (the last batch checked) with a free batch axis, else like the input of the model a
    ModelOp feeds the key to. Each spec is named after its key (the input names of an ONNX artifact).

    Example:
        >>> import keras, kerasfe as fe
        >>> from kerasfe.op.tensorop import LambdaOp, ModelOp
        >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
        >>> network = fe.Network(ops=[ModelOp(model, "x", "y"), LambdaOp(fn=keras.ops.add, inputs=("y", "bias"),
        ...                                                                outputs="z")])
        >>> {key: spec.shape for key, spec in infer_input_signature(network, {"bias": ((8, 1), "float32")}).items()}
        {'x': (None, 3), 'bias': (None, 1)}
    """
    ops = network.active_ops("infer")
    if not ops:
        raise ConfigError(f"{network.name}: no op runs in mode 'infer', so there is nothing to export")
    written, signature = set(), {}
    for op in ops:
        for key in op.inputs:
            if key not in written and key not in signature:
                signature[key] = _input_spec(network, op, key, batch_spec)
        written.update(op.outputs)
    return signature


def _input_spec(network, op, key, batch_spec):
    if key in batch_spec:
        shape, dtype = batch_spec[key]
        return keras.InputSpec(shape=(None,) + tuple(shape[1:]), dtype=dtype, name=key)
    model = getattr(op, "model", None)
    inputs = getattr(model, "inputs", None) if getattr(model, "built", False) else None
    if inputs and len(inputs) == len(op.inputs):
        tensor = inputs[op.inputs.index(key)]
        return keras.InputSpec(shape=tensor.shape, dtype=tensor.dtype, name=key)
    raise ConfigError(f"{network.name}: the shape of key '{key}' ({op.describe()} reads it in mode 'infer') is not "
                      "known; run network.predict on a batch first, or pass export(..., input_signature=[{key: "
                      "keras.InputSpec(shape, dtype)}])")
