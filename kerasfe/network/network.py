"""Network: a keras.Model whose train / test / predict steps run an op list, written once for every backend."""
import contextlib
import types

import keras
import numpy as np

from kerasfe import backend, distribute
from kerasfe.backend.keras_internals import BuildHookModel, first_batch
from kerasfe.errors import ConfigError, MissingKeyError, WrongTypeError
from kerasfe.network.build import optimizer_schedule
from kerasfe.network.checks import (FIRST_NONFINITE, FirstNonFinite, check_data, check_forward, check_labels,
                                    check_ops, check_updates, loss_keys, models_of, op_sets, symbolic_batch,
                                    update_loss_keys, walk)
from kerasfe.network.host_stage import HostStage
from kerasfe.network.inputs import (PositionalKeys, batch_dict, check_class_weight, class_sample_weights, keras_data,
                                    peek)
from kerasfe.network.record import ForwardRecord
from kerasfe.network.saving import (atomic_path, check_export_packages, infer_input_signature, network_arguments,
                                    network_config)
from kerasfe.op.op import MODES, run_op, running_ds_id
from kerasfe.op.tensorop import UpdateOp
from kerasfe.op.tensorop.loss.loss_op import SAMPLE_WEIGHT
from kerasfe.op.tensorop.config import serializable
from kerasfe.optimizer_group import OptimizerGroup
from kerasfe.schedule import get_current_items, get_current_value, get_signature_epochs
from kerasfe.trace.bus import BUS_PREFIX
from kerasfe.trace.keras_bridge import prepare_callbacks


@serializable
class Network(BuildHookModel):
    """A keras.Model that runs TensorOps on the batch dict and steps each model's optimizer.

    In `train_step`, every active op runs in list order; then, for each `UpdateOp`, the gradient of
    its loss w.r.t. its model's trainable variables is taken from that one forward pass, and the
    model's optimizer applies it. `test_step` runs the ops of the evaluation mode ("eval" by default,
    `evaluate(..., mode="test")` for test); `predict_step` runs the "infer" ops and returns the keys
    they write. Each step returns the running mean of every loss key (and `loss`, the sum of the
    losses UpdateOps use), like Keras, plus `bus`: the batch keys listed in `bus_keys`.

    Ops may be wrapped in `EpochScheduler` / `RepeatScheduler` (None: no op that epoch), and models may
    have scheduled optimizers (`fe.build`). `set_epoch(epoch)` (called by `fit` with
    `initial_epoch + 1`, and by the Estimator) switches to that epoch's ops and optimizers, and makes
    Keras re-trace its step functions only when they change. Every op set the schedules can give is
    checked on construction (UpdateOps and their losses) and on the first batch (missing keys).

    The Network is compiled on construction; call `compile(jit_compile=..., steps_per_execution=...,
    run_eagerly=...)` to change those settings. Losses and optimizers come from the ops, not compile.

    It reads whatever `keras.Model.fit` reads: dict batches as they are; Keras's `(x, y, sample_weight)`
    (from `fit(x, y, sample_weight=...)`, tuples in a tf.data.Dataset, a generator or a PyDataset),
    whose dicts are merged into the batch and whose arrays go under `x_key` (x), `y_key` (y) and
    "sample_weight"; generators and torch DataLoaders of dicts. A "sample_weight" key in the batch
    weighs the samples of every loss op, as Keras weighs its losses; `fit(class_weight=...)` gives each
    sample the weight of its class (the `y_key` labels: class indices or one-hot), as Keras does.

    It saves like any Keras model: `save("x.keras")` + `keras.models.load_model` (its ops, each model with its
    weights and its own optimizer's state), `save_weights("x.weights.h5")` (the weights and optimizer states;
    both files are written to a temporary name and renamed), `keras.callbacks.ModelCheckpoint`, and
    `export(path)` of its "infer" ops for serving. Ops are saved by their constructor arguments (see
    `kerasfe.op.tensorop.config`): a `LambdaOp` lambda loads only with `load_model(path, safe_mode=False)`.
    `trainable = False` freezes every model: training steps run the forward ops and report the losses, but
    no UpdateOp steps an optimizer (as for a model frozen on its own: an UpdateOp whose model has no
    trainable variables is skipped).

    `pops` and `slicers` (FastEstimator's) run on the host, outside the compiled step (see
    `kerasfe.network.host_stage`); without them the step runs as it is. Slicers cut each batch into mini-batches
    (one step, and in training one optimizer update, each) and put the outputs back together; pops are NumpyOps
    run on the (un-sliced) outputs of each batch before the Traces see them, and on `predict`'s outputs.

    Args:
        ops: TensorOps (or schedulers of TensorOps), run in order.
        pops: post-processing NumpyOps (or schedulers of them), run in order on the outputs of each batch.
        slicers: Slicers (`kerasfe.slicer`, or schedulers of them) that cut each batch into mini-batches.
        name: the Keras model name.
        eval_on_ema: evaluate and predict with the moving-average weights of the models whose optimizer
            has `use_ema=True` (training continues from the trained weights; see `ema_weights`).
        x_key: the batch key of a positional `x` that is not a dict (None: the one key the ops read, no op
            writes and no loss op takes as its target).
        y_key: the batch key of a positional `y` that is not a dict, and of the labels `class_weight` reads
            (None: the one target key, the second input, of the loss ops that no op writes).

    Example:
        >>> import keras, numpy as np, kerasfe as fe
        >>> from kerasfe.op.tensorop import ModelOp, MeanSquaredError, UpdateOp
        >>> model = fe.build(lambda: keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)]), "sgd")
        >>> network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
        ...                           MeanSquaredError(inputs=("y_pred", "y"), outputs="mse"),
        ...                           UpdateOp(model=model, loss_name="mse")])
        >>> data = {"x": np.ones((8, 3), "float32"), "y": np.zeros((8, 1), "float32")}
        >>> sorted(network.fit(data, batch_size=4, verbose=0).history)
        ['loss', 'mse']
        >>> history = network.fit(data["x"], data["y"], sample_weight=np.ones(8), batch_size=4, verbose=0)
        >>> network.x_key, network.y_key
        ('x', 'y')
    """

    def __init__(self, ops, pops=None, slicers=None, name="network", eval_on_ema=False, x_key=None, y_key=None):
        super().__init__(name=name)
        self.op_items = check_ops(ops)
        self.host_stage = HostStage(self, pops, slicers)
        self.op_sets = op_sets(self.op_items)
        every_op = walk(op for ops_ in self.op_sets.values() for op in ops_)
        self.models = models_of(every_op)
        self.input_keys = PositionalKeys(every_op, owner=name, x_key=x_key, y_key=y_key)
        self.class_weights = None  # the class_weight of the fit running now, as a table by class
        self.op_state = [obj for op in every_op for obj in op.state_objects()]
        for epoch, ops_ in self.op_sets.items():
            check_updates(ops_, epoch if len(self.op_sets) > 1 else None)
        top_ops = [op for ops_ in self.op_sets.values() for op in ops_]
        self.update_loss_keys = update_loss_keys(top_ops)
        self.loss_trackers = {key: keras.metrics.Mean(name=key) for key in loss_keys(top_ops)}
        self.first_nonfinite = FirstNonFinite(size=len(self.loss_trackers))
        self._bus_keys = {mode: () for mode in MODES}
        self.evaluation_mode = "eval"
        self.eval_on_ema = eval_on_ema
        self.epoch, self.ds_id = 1, None
        self.ops = get_current_items(self.op_items, epoch=1)
        self._build_mode = "train"
        self._checked_signatures = set()
        self._last_batch_spec = {}
        self._steps = backend.current()
        self._compile_settings = {}
        self._optimizer_group = OptimizerGroup(self.models)
        self.built = True
        self.compile()

    def compile(self, jit_compile="auto", steps_per_execution=1, run_eagerly=False, **kwargs):
        """Sets how the steps run (as `keras.Model.compile`); optimizers and losses come from the ops."""
        if kwargs:
            raise WrongTypeError(f"Network.compile: {sorted(kwargs)} cannot be set here; optimizers come from "
                                 "fe.build and losses from loss ops")
        self._compile_settings = {"jit_compile": jit_compile, "steps_per_execution": steps_per_execution,
                                  "run_eagerly": run_eagerly}
        super().compile(optimizer=self._optimizer_group, auto_scale_loss=False, **self._compile_settings)

    # Keras saving -------------------------------------------------------------------------------
    def get_config(self):
        """The Network's Keras config: name, `eval_on_ema`, ops (models by name) and models (each with the
        compile config of its own optimizer). A Network with pops or slicers has none (they are not saved)."""
        if self.host_stage:
            raise ConfigError(f"{self.name}: a Network with pops or slicers cannot be saved whole (.keras), as they "
                              "would be lost on loading; save its models (fe.build) or its weights (save_weights) "
                              "and make the Network again with its pops and slicers")
        return network_config(self)

    @classmethod
    def from_config(cls, config):
        return cls(**network_arguments(config))

    def get_compile_config(self):
        return dict(self._compile_settings)

    def compile_from_config(self, config):
        self.compile(**config)

    def load_own_variables(self, store):
        """Builds every model's optimizer before Keras loads the saved optimizer states into them."""
        if not self.optimizer.built:
            self.optimizer.build(self.trainable_variables)
        self.optimizer.build_members()
        super().load_own_variables(store)

    def save(self, filepath, overwrite=True, **kwargs):
        """As `keras.Model.save`, writing a `.keras` file to a temporary name, then renaming it."""
        with atomic_path(filepath, ".keras") as path:
            super().save(path, overwrite=overwrite, **kwargs)

    def save_weights(self, filepath, overwrite=True, **kwargs):
        """As `keras.Model.save_weights`: the weights of every model and each model's optimizer state, written
        to a temporary name, then renamed."""
        with atomic_path(filepath, ".weights.h5") as path:
            super().save_weights(path, overwrite=overwrite, **kwargs)

    def export(self, filepath, format="tf_saved_model", verbose=None, input_signature=None, **kwargs):  # noqa: A002
        """As `keras.Model.export`, for the "infer" ops: the artifact takes a dict of the keys they read and
        returns the keys they write. Without `input_signature`, each key's shape is that of the last batch
        the Network checked (with a free batch axis), else the input of the model it feeds. Formats are
        Keras's: "tf_saved_model" (needs TensorFlow; JAX through jax2tf), "torch" (PyTorch backend; its batch axis is 1
        unless you pass torch.export `dynamic_shapes`, e.g. {"x": {0: torch.export.Dim("batch")}}), "onnx"
        (TensorFlow, JAX, PyTorch; needs `pip install kerasfe[export]`; inputs are named after their keys)."""
        check_export_packages(self.name, format, keras.backend.backend())
        if input_signature is None:
            input_signature = [infer_input_signature(self, self._last_batch_spec)]
        return super().export(filepath, format=format, verbose=verbose, input_signature=input_signature, **kwargs)

    @property
    def trainable(self):
        return keras.Model.trainable.fget(self)

    @trainable.setter
    def trainable(self, value):
        keras.Model.trainable.fset(self, value)
        if self.optimizer.built:
            self.optimizer.build_members()
        self.train_function = self.test_function = self.predict_function = None

    @property
    def metrics_names(self):
        """The keys `evaluate` returns, in its order: "loss" (when an UpdateOp's loss is reported), then each
        loss key in op order."""
        names = ["loss"] if self.update_loss_keys else []
        return names + [key for key in self.loss_trackers if key != "loss"]

    @property
    def bus_keys(self):
        """{mode: batch keys} each step of that mode returns in its logs (as "bus/<key>"), for the Traces.

        Set it to {mode: keys} or to one sequence of keys for every mode; a compiled step whose keys
        change is made again.
        """
        return dict(self._bus_keys)

    @bus_keys.setter
    def bus_keys(self, keys):
        keys = {mode: tuple(keys.get(mode, ()) if isinstance(keys, dict) else keys) for mode in MODES}
        if self.host_stage:  # the keys the pops read leave the device too
            keys = {mode: tuple(dict.fromkeys(keys[mode] + tuple(self.host_stage.read_keys(mode)))) for mode in MODES}
        if keys["train"] != self._bus_keys["train"]:
            self.train_function = None
        if keys["eval"] != self._bus_keys["eval"] or keys["test"] != self._bus_keys["test"]:
            self.test_function = None
        self._bus_keys = keys

    # Schedules ----------------------------------------------------------------------------------
    def set_epoch(self, epoch):
        """Makes `epoch`'s ops and optimizers the active ones. Keras's step functions are dropped (and so
        re-traced on their next use) only when the op set or an optimizer changes."""
        ops = get_current_items(self.op_items, epoch=epoch)
        ops_changed = [id(op) for op in ops] != [id(op) for op in self.ops]
        self.epoch, self.ops = epoch, ops
        switched = False
        for model in self.models:
            schedule = optimizer_schedule(model)
            optimizer = get_current_value(schedule, epoch) if schedule is not None else model.optimizer
            if optimizer is not model.optimizer:
                model.optimizer, switched = optimizer, True
        if switched:
            self._optimizer_group = OptimizerGroup(self.models)
            self.compile(**self._compile_settings)
        elif ops_changed:
            self.train_function = self.test_function = self.predict_function = None

    def set_ds_id(self, ds_id):
        """Makes the ops of data set `ds_id` (None: every op not tied to a data set) the active ones; the
        compiled steps are dropped only when that changes which ops run."""
        before = {mode: self.active_ops(mode) + self.active_updates(mode) for mode in MODES}
        self.ds_id = ds_id
        if any(self.active_ops(mode) + self.active_updates(mode) != ops for mode, ops in before.items()):
            self.train_function = self.test_function = self.predict_function = None

    def get_signature_epochs(self, total_epochs):
        """The epochs (1 to `total_epochs`) where the ops or an optimizer may change, so a step is re-traced.

        Example:
            >>> import keras, kerasfe as fe
            >>> from kerasfe.op.tensorop import ModelOp
            >>> from kerasfe.schedule import EpochScheduler
            >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
            >>> network = fe.Network(ops=[EpochScheduler({1: ModelOp(model, "x", "y"), 4: None})])
            >>> network.get_signature_epochs(6)
            [1, 4]
        """
        schedules = [optimizer_schedule(model) for model in self.models]
        return get_signature_epochs(self.op_items + self.host_stage.pop_items + self.host_stage.slicer_items +
                                    [s for s in schedules if s is not None], total_epochs)

    @contextlib.contextmanager
    def ema_weights(self):
        """Within this context, models whose optimizer has `use_ema=True` hold their moving-average weights;
        their trained weights come back after it.

        Example:
            >>> import keras, kerasfe as fe
            >>> from kerasfe.op.tensorop import ModelOp
            >>> model = fe.build(lambda: keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)]),
            ...                  lambda: keras.optimizers.SGD(use_ema=True))
            >>> network = fe.Network(ops=[ModelOp(model, "x", "y")])
            >>> network.optimizer.build([])
            >>> with network.ema_weights():
            ...     float(keras.ops.sum(model.trainable_variables[0]))
            0.0
        """
        saved = [(model, [keras.ops.copy(v.value) for v in model.trainable_variables]) for model in self._ema_models()]
        self.finalize_ema()
        try:
            yield
        finally:
            for model, values in saved:
                for variable, value in zip(model.trainable_variables, values):
                    variable.assign(value)

    def finalize_ema(self):
        """Writes the moving-average weights over the trained weights of every model whose optimizer
        has `use_ema=True` (what `keras.Model.fit` does at its end; kerasfe leaves it to you, as the
        Estimator calls fit once per epoch)."""
        for model in self._ema_models():
            getattr(model.optimizer, "inner_optimizer", model.optimizer).finalize_variable_values(
                model.trainable_variables)
            for variable in model.trainable_variables:  # own buffers: JAX steps donate the variables' buffers
                variable.assign(keras.ops.copy(variable.value))

    def _ema_models(self):
        return [model for model, optimizer in self._optimizer_group.members
                if getattr(optimizer, "inner_optimizer", optimizer).use_ema and optimizer.built]

    def _ema_context(self):
        return self.ema_weights() if self.eval_on_ema else contextlib.nullcontext()

    @property
    def x_key(self):
        """The batch key a positional `x` (not a dict) fills."""
        return self.input_keys.key("x")

    @property
    def y_key(self):
        """The batch key a positional `y` (not a dict) fills, and that `class_weight` reads."""
        return self.input_keys.key("y")

    # Keras entry points -------------------------------------------------------------------------
    def fit(self, x=None, y=None, *args, initial_epoch=0, epochs=1, class_weight=None, validation_data=None,
            **kwargs):
        """As `keras.Model.fit`; the ops and optimizers are those of epoch `initial_epoch + 1`, which must
        stay the same up to `epochs` (fit once per epoch, as the Estimator does, when they change).
        `class_weight` ({class index: weight}) weighs each sample by its `y_key` label's class. The callbacks
        go through `prepare_callbacks` (Trace callbacks first; "auto" monitor modes resolved)."""
        later = [e for e in self.get_signature_epochs(epochs) if initial_epoch + 1 < e <= epochs]
        if later:
            raise ConfigError(f"{self.name}: the ops or optimizers change at epoch(s) {later}; call fit once per "
                              "epoch (fit(..., initial_epoch=e - 1, epochs=e)) so each epoch runs its own step")
        if class_weight is not None and kwargs.get("sample_weight") is not None:
            raise ConfigError(f"{self.name}: give class_weight or sample_weight, not both")
        self._use_class_weight(class_weight)
        self.set_epoch(initial_epoch + 1)
        self._build_mode = "train"
        kwargs["callbacks"] = prepare_callbacks(kwargs.get("callbacks"), self)
        if self.host_stage:
            if self.host_stage.slicers("train") and epochs - initial_epoch > 1:
                raise ConfigError(f"{self.name}: with slicers, call fit once per epoch (fit(..., initial_epoch=e - 1, "
                                  "epochs=e)), as the Estimator does; each epoch cuts its own batches")
            x, kwargs["steps_per_epoch"], kwargs["callbacks"] = self._host_run("train", x, kwargs)
        with distribute.peer_errors():
            return super().fit(keras_data(x), y, *args, initial_epoch=initial_epoch, epochs=epochs,
                               validation_data=keras_data(validation_data), **kwargs)

    def evaluate(self, x=None, y=None, *args, mode="eval", **kwargs):
        """As `keras.Model.evaluate`, running the ops of `mode` ("eval" or "test"): the values of
        `metrics_names` that mode reports, in that order (one value alone, or a dict with `return_dict=True`)."""
        if mode not in ("eval", "test"):
            raise ConfigError(f"Network.evaluate: mode must be 'eval' or 'test'; got '{mode}'")
        if mode != self.evaluation_mode:
            self.evaluation_mode, self.test_function = mode, None
        self._build_mode = mode
        return_dict = kwargs.pop("return_dict", False)
        if self.host_stage:
            x, kwargs["steps"], kwargs["callbacks"] = self._host_run(mode, x, kwargs)
        with self._ema_context(), distribute.peer_errors():
            logs = super().evaluate(keras_data(x), y, *args, return_dict=True, **kwargs)
        if return_dict:
            return logs
        ordered = [logs[key] for key in self.metrics_names if key in logs]
        ordered += [logs[key] for key in sorted(logs) if key not in self.metrics_names]
        return ordered[0] if len(ordered) == 1 else ordered

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """As `keras.Model.predict`: the keys the "infer" ops write. With Slicers or pops in mode "infer", each
        batch of `x` (a dict of arrays in `batch_size` rows, or an iterable of batches) runs slice by slice and is
        post-processed on the host, and the pops' input keys come back too."""
        self._build_mode = "infer"
        if self.host_stage.slicers("infer") or self.host_stage.pops("infer"):
            with self._ema_context():
                return self.host_stage.predict(x, batch_size)
        x = keras_data(x)
        if isinstance(x, types.GeneratorType):
            first, x = peek(x)
        else:
            first = first_batch(x, batch_size)
        self.check_batch(first, "infer")
        with self._ema_context(), distribute.peer_errors():
            return super().predict(x, batch_size=batch_size, verbose=verbose, steps=steps, callbacks=callbacks)

    def _host_run(self, mode, x, kwargs):
        """(data, steps, callbacks) of a fit / evaluate through the host stage; with Slicers, one step per call."""
        steps = kwargs.get("steps_per_epoch" if mode == "train" else "steps")
        if self.host_stage.slicers(mode):
            if self.steps_per_execution != 1:
                self.steps_per_execution, self.train_function, self.test_function = 1, None, None
            batch_size = kwargs.pop("batch_size", None)
        else:
            batch_size = kwargs.get("batch_size")
        return self.host_stage.run(mode, x, batch_size, steps, kwargs.get("callbacks"))

    def _use_class_weight(self, class_weight):
        table = None if class_weight is None else check_class_weight(class_weight, self.name)
        if (table is None) != (self.class_weights is None) or (
                table is not None and not np.array_equal(table, self.class_weights)):
            self.train_function = None  # the weights are constants of the compiled step
        self.class_weights = table

    def call(self, inputs, training=False):
        """Runs the "infer" ops on a batch dict and returns the keys they write."""
        return self.prediction(self.run_ops(self.batch_from(inputs), "infer"))

    def make_train_function(self, force=False):
        if self.train_function is None or force:
            self._fresh_step("train_step")
        return super().make_train_function(force)

    def make_test_function(self, force=False):
        if self.test_function is None or force:
            self._fresh_step("test_step")
        return super().make_test_function(force)

    def make_predict_function(self, force=False):
        if self.predict_function is None or force:
            self._fresh_step("predict_step")
        return super().make_predict_function(force)

    def _fresh_step(self, name):
        """Gives the step method `name` a new function object before Keras makes a step function of it:
        `jax.jit` caches its traces by the function (a bound method of this network is always the same one)
        and the argument shapes, so after the op set changes (a scheduled op, new bus keys) the same shapes
        would otherwise run the old op set's trace."""
        base, current = self.__dict__.get(f"_{name}_base"), getattr(self, name)
        if base is None or current is not self.__dict__.get(f"_{name}_fresh"):
            base = current  # the method, or a wrapper set on this network since
        fresh = lambda *args: base(*args)  # noqa: E731
        for key, value in ((f"_{name}_base", base), (f"_{name}_fresh", fresh), (name, fresh)):
            object.__setattr__(self, key, value)

    def train_step(self, *args):
        return self._steps.train_step(self, *args)

    def test_step(self, *args):
        return self._steps.test_step(self, *args)

    def predict_step(self, *args):
        return self._steps.predict_step(self, *args)

    def build_from_batch(self, batch):
        """Checks the first batch of the mode about to run and builds the models and optimizers (Keras calls
        this before the first step)."""
        self.check_step_batch(batch, self._build_mode)
        if not self.optimizer.built:
            self.optimizer.build(self.trainable_variables)
        self.optimizer.build_members()  # the optimizers of models this batch just built
        self.finish_build()

    def check_batch(self, batch, mode):
        """`check_step_batch` on what one step of `mode` sees of `batch`: its first slice when Slicers run."""
        batch = self.batch_from(batch)
        self.check_step_batch(self.host_stage.first_slice(batch, mode) if self.host_stage else batch, mode)

    def check_step_batch(self, batch, mode):
        """Runs the ops of `mode` symbolically on a batch's shapes: builds unbuilt models, and raises a
        missing key or bad shape (naming the op, the key, the mode and the keys there are) before any step
        starts (and, under JAX, before Keras moves the variables into the jitted state). Each new
        (mode, shapes, op set) signature is checked once, with the labels of its first batch (`LossOp.check_labels`:
        they must fit the loss ops); the values of every batch checked are numbers, with no NaN or infinity."""
        batch = self.batch_from(batch)
        check_data(batch, mode, owner=f"{self.name} (data)")
        spec = symbolic_batch(batch)
        self._last_batch_spec = {key: (tuple(v.shape), v.dtype) for key, v in spec.items()}
        signature = (mode, tuple(sorted((key, tuple(v.shape), v.dtype) for key, v in spec.items())),
                     tuple(id(op) for op in self.ops), self.ds_id)
        if signature not in self._checked_signatures:
            check_labels(self.active_ops(mode), batch, check_forward(self, spec, mode), mode)
            self._checked_signatures.add(signature)

    def written_keys(self, mode):
        """Every key a step of `mode` gives the Traces: what the active ops write, the losses, "loss",
        `FIRST_NONFINITE` (the first batch of the epoch whose losses were not finite, see `FirstNonFinite`) and what
        the host stage (pops, slicers) writes."""
        written = {key for op in self.active_ops(mode) for key in op.outputs}
        return written | set(self.loss_trackers) | {"loss", FIRST_NONFINITE} | self.host_stage.written_keys(mode)

    # The step, written once for every backend ---------------------------------------------------
    def batch_from(self, data):
        """The batch dict of one element of the data: a dict, or Keras's `(x,)`, `(x, y)` or
        `(x, y, sample_weight)` (dicts merged; arrays under `x_key`, `y_key` and "sample_weight")."""
        return batch_dict(data, self.input_keys)

    def active_ops(self, mode):
        """The forward ops (all but UpdateOps) that run in `mode` (on the data set `ds_id`)."""
        ds_id = running_ds_id(self.ds_id)
        return [op for op in self.ops if op.should_run(mode, ds_id) and not isinstance(op, UpdateOp)]

    def active_updates(self, mode):
        """The UpdateOps that run in `mode` (on the data set `ds_id`), but for those whose model is frozen
        (`trainable = False` on it or on the Network, or no trainable variables once built)."""
        return [op for op in self.ops if op.should_run(mode, running_ds_id(self.ds_id)) and isinstance(op, UpdateOp)
                and op.model.trainable and (op.model.trainable_variables or not op.model.built)]

    def run_ops(self, batch, mode):
        """Runs the active ops of `mode` on the batch dict, in place, and returns it. The pass is recorded
        (`state["record"]`), so ops can take gradients w.r.t. earlier keys (GradientOp, FGSM)."""
        if mode == "train" and self.class_weights is not None:
            if SAMPLE_WEIGHT in batch:
                raise ConfigError(f"{self.name}: give class_weight or sample_weight, not both (the batch has "
                                  f"'{SAMPLE_WEIGHT}')")
            if self.y_key not in batch:
                raise MissingKeyError(owner=f"{self.name} (class_weight)", key=self.y_key, mode=mode,
                                      available=batch)
            batch[SAMPLE_WEIGHT] = class_sample_weights(batch[self.y_key], self.class_weights)
        record = ForwardRecord(batch)
        state = {"mode": mode, "training": mode == "train", "record": record}
        if SAMPLE_WEIGHT in batch:
            state[SAMPLE_WEIGHT] = batch[SAMPLE_WEIGHT]
        for op in self.active_ops(mode):
            run_op(op, batch, state)
            record.add(op, batch)
        return batch

    def losses_to_differentiate(self, batch, updates):
        """The scalar loss of each UpdateOp that differentiates one (all but those given `gradients`), averaged if
        per-sample and scaled by its optimizer."""
        return [op.model.optimizer.scale_loss(_mean(batch[op.loss_name])) for op in updates if op.gradients is None]

    def all_gradients(self, batch, updates, derived):
        """Each UpdateOp's gradients: the `derived` ones (one list per UpdateOp that differentiates its loss, in
        order) and those the batch holds for the UpdateOps given `gradients`."""
        derived = iter(derived)
        return [next(derived) if op.gradients is None else op.given_gradients(batch) for op in updates]

    def apply_gradients(self, updates, grads):
        """Steps each UpdateOp's optimizer on its gradients."""
        for op, op_grads in zip(updates, grads):
            op.model.optimizer.apply(op_grads, op.model.trainable_variables)

    def step_logs(self, batch, mode):
        """Updates the loss trackers and returns their running means, plus the requested bus keys."""
        logs = {}
        batch_size = _batch_size(batch)
        used = [key for key in self.update_loss_keys if key in batch]
        values = dict(batch)
        if len(used) > 1 and "loss" not in batch:
            values["loss"] = sum(_mean(batch[key]) for key in used)
        for key, tracker in self.loss_trackers.items():
            if key in values:
                value = values[key]
                tracker.update_state(value, sample_weight=batch_size if len(value.shape) == 0 else None)
                logs[key] = tracker.result()
        if len(used) == 1 and "loss" not in logs:
            logs["loss"] = logs[used[0]]
        if self.loss_trackers and FIRST_NONFINITE in self._bus_keys[mode] and FIRST_NONFINITE not in batch:
            self.first_nonfinite.update_state([values.get(key) for key in self.loss_trackers])
            logs[BUS_PREFIX + FIRST_NONFINITE] = self.first_nonfinite.result()
        logs.update({BUS_PREFIX + key: batch[key] for key in self._bus_keys[mode] if key in batch})
        return logs

    def prediction(self, batch):
        """The keys the "infer" ops wrote."""
        written = [key for op in self.active_ops("infer") for key in op.outputs]
        written += [key for key in self.host_stage.read_keys("infer") if key in batch]  # the pops read them
        if not written:
            raise ConfigError(f"{self.name}: no op runs in mode 'infer', so there is nothing to predict; "
                              f"ops: {self.ops}")
        return {key: batch[key] for key in dict.fromkeys(written)}


def _mean(value):
    return value if len(value.shape) == 0 else keras.ops.mean(value)


def _batch_size(batch):
    for value in batch.values():
        if hasattr(value, "shape") and len(value.shape) > 0:
            return keras.ops.shape(value)[0]
    return 1
