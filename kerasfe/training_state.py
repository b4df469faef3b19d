"""The whole state of a training run at a step boundary, as a RestoreWizard snapshot keeps it: `capture` it, `save`
it into a snapshot folder (written whole or not at all), `load` it and `restore` it into a fresh, identically built
Estimator, which then continues bit-identically.

A state holds: every variable of the network (each model's weights, non-trainable values such as BatchNorm
statistics, the SeedGenerators of its layers and RandomOps), every optimizer's variables (slots, iterations, learning
rate, EMA weights; the optimizers of a schedule too), the loss trackers' running sums, each Trace's and op's
`get_state()` (see `kerasfe.restorable`), the Summary so far, the loop's position (the epoch to run and how many of its
train batches are done, the global step, whether training was stopped), the Pipeline's seed (which fixes every
epoch's shuffle and random ops), and every RNG: Python's `random`, numpy's global generator, Keras's global
SeedGenerator and the backend's own (PyTorch, TensorFlow).

Example:
    >>> import keras, numpy as np, tempfile, kerasfe as fe
    >>> from kerasfe.op.tensorop import ModelOp, MeanSquaredError, UpdateOp
    >>> model = fe.build(lambda: keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)]), "adam")
    >>> network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
    ...                           MeanSquaredError(inputs=("y_pred", "y"), outputs="mse"),
    ...                           UpdateOp(model=model, loss_name="mse")])
    >>> data = {"x": np.ones((8, 3), "float32"), "y": np.zeros((8, 1), "float32")}
    >>> estimator = fe.Estimator(fe.Pipeline(train_data=data, batch_size=4), network, epochs=1, log_steps=None)
    >>> _ = estimator.fit()
    >>> folder = tempfile.mkdtemp() + "/snapshot"
    >>> save(capture(estimator.system, epoch=2, batches_done=0), folder)
    >>> state = load(folder)
    >>> state["position"], len(state["variables"]["optimizers"][0][0])  # adam: iterations, rate, 2 slots per weight
    ({'epoch': 2, 'batches_done': 0, 'global_step': 2, 'stop_training': False}, 6)
"""
import os
import pickle
import random

import keras
import numpy as np

from kerasfe.atomic_file import atomic_folder
from kerasfe.backend.keras_internals import global_seed_state, set_global_seed_state
from kerasfe.backend.random_state import rng_state, set_rng_state
from kerasfe.errors import ConfigError
from kerasfe.network.build import optimizer_schedule
from kerasfe.network.checks import walk
from kerasfe.schedule import get_all_values

STATE_FILE = "training_state.pkl"
FORMAT = 1


def capture(system, epoch, batches_done):
    """The run's state now, to continue at epoch `epoch` after its first `batches_done` train batches.

    `system` is the loop's `System` (its network, pipeline, Summary, counters and `traces`). Call it between steps
    (under JAX it first brings the variables back from the jitted state) and `save` the state at once: it refers to
    the Summary and the Traces' values, which the run goes on changing.
    """
    system.sync_weights()
    network = system.network
    return {"format": FORMAT,
            "position": {"epoch": epoch, "batches_done": batches_done, "global_step": system.global_step,
                         "stop_training": system.stop_training},
            "variables": {"network": _values(network.variables), "metrics": _values(network.metrics_variables),
                          "optimizer_group": _values(_group_variables(network)),
                          "optimizers": [[None if not optimizer.built else _values(optimizer.variables)
                                          for optimizer in _optimizers(model)] for model in network.models]},
            "traces": [(type(trace).__name__, trace.get_state()) for trace in system.traces],
            "ops": [(type(op).__name__, op.get_state()) for op in _ops(system)],
            "summary": system.summary.history,
            "pipeline_seed": None if system.pipeline is None else system.pipeline.seed,
            "rng": {"python": random.getstate(), "numpy": np.random.get_state(), "keras": global_seed_state(),
                    "backend": rng_state()}}


def save(state, folder):
    """Writes `state` as the snapshot folder `folder` (which must not exist): into a temporary folder next to it,
    fsynced, then renamed, so the snapshot is complete or absent."""
    with atomic_folder(folder) as temp, open(os.path.join(temp, STATE_FILE), "xb") as file:
        pickle.dump(state, file, protocol=pickle.HIGHEST_PROTOCOL)


def load(folder):
    """The state saved in the snapshot folder `folder`."""
    path = os.path.join(os.fspath(folder), STATE_FILE)
    if not os.path.isfile(path):
        raise ConfigError(f"Estimator.fit(resume_from='{folder}'): no snapshot there (no {STATE_FILE}); give a "
                          "snapshot folder a RestoreWizard wrote, or the RestoreWizard's directory")
    with open(path, "rb") as file:
        state = pickle.load(file)
    if state.get("format") != FORMAT:
        raise ConfigError(f"the snapshot '{folder}' has format {state.get('format')!r}; this kerasfe reads format "
                          f"{FORMAT}")
    return state


def restore(system, state):
    """Puts `state` back into the run of `system` (built like the one that captured it, after its smoke test and
    `on_begin`): variables, Traces, ops, Summary, whether training had stopped, the Pipeline seed and the RNGs. The
    loop itself moves to `state["position"]` (see `TraceRunner.resume_at`)."""
    network = system.network
    if not network.optimizer.built:
        network.optimizer.build(network.trainable_variables)
    network.optimizer.build_members()
    saved = state["variables"]
    _assign("the network", network.variables, saved["network"])
    _assign("the network's optimizer group", _group_variables(network), saved["optimizer_group"])
    for model, optimizers in zip(network.models, saved["optimizers"]):
        for optimizer, values in zip(_optimizers(model), optimizers):
            if values is not None:
                if not optimizer.built:
                    optimizer.build(model.trainable_variables)
                _assign(f"the optimizer of model '{model.name}'", optimizer.variables, values)
    system.summary.history = state["summary"]
    system.stop_training = state["position"]["stop_training"]
    if system.pipeline is not None and state["pipeline_seed"] is not None:
        system.pipeline.seed = state["pipeline_seed"]
    restore_progress(system, state)


def restore_progress(system, state):
    """Puts back what the start of an epoch resets or changes: the loss trackers' running sums, the Traces' and ops'
    states and the RNGs (applied again when a run resumes in the middle of an epoch, right before its next batch)."""
    _assign("the network's loss trackers", system.network.metrics_variables, state["variables"]["metrics"])
    _set_states("Trace", system.traces, state["traces"])
    _set_states("op", _ops(system), state["ops"])
    rng = state["rng"]
    random.setstate(rng["python"])
    np.random.set_state(rng["numpy"])
    set_global_seed_state(rng["keras"])
    set_rng_state(rng["backend"])


def _values(variables):
    return [np.array(keras.ops.convert_to_numpy(variable.value)) for variable in variables]


def _assign(what, variables, values):
    shapes = [tuple(variable.shape) for variable in variables]
    if shapes != [value.shape for value in values]:
        raise ConfigError(f"the snapshot does not fit {what}: it holds {len(values)} variables of shapes "
                          f"{[value.shape for value in values]}, the run has {len(shapes)} of shapes {shapes}; resume "
                          "with the script (models, ops, optimizers) that wrote it")
    for variable, value in zip(variables, values):
        variable.assign(value)


def _set_states(kind, objects, saved):
    names = [type(item).__name__ for item in objects]
    if names != [name for name, _ in saved]:
        raise ConfigError(f"the snapshot's {kind}s {[name for name, _ in saved]} are not the run's {names}; resume "
                          f"with the {kind}s of the run that wrote it, in the same order")
    for item, (_, item_state) in zip(objects, saved):
        item.set_state(item_state)


def _optimizers(model):
    """Every optimizer `model` may use: each of its schedule, or its one optimizer."""
    schedule = optimizer_schedule(model)
    if schedule is None:
        return [model.optimizer] if getattr(model, "optimizer", None) is not None else []
    return [optimizer for optimizer in get_all_values(schedule) if optimizer is not None]


def _group_variables(network):
    """The OptimizerGroup's own counters (its members' variables are saved with each model)."""
    members = {id(variable) for optimizer in network.optimizer.optimizers for variable in optimizer.variables}
    return [variable for variable in network.optimizer.variables if id(variable) not in members]


def _ops(system):
    network_ops = walk([op for ops in system.network.op_sets.values() for op in ops])
    pipeline_ops = [] if system.pipeline is None else [op for item in system.pipeline.ops
                                                       for op in get_all_values(item) if op is not None]
    return list({id(op): op for op in network_ops + pipeline_ops}.values())
