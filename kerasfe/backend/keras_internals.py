"""The one module that reaches into Keras internals: `keras.src` and Keras's private members.

Everything else in kerasfe uses Keras's public API (a test forbids `keras.src` elsewhere). When a Keras
release moves one of these, this is the only file to change.

Example:
    >>> import keras
    >>> defines_hook(keras.callbacks.History(), "on_epoch_end"), defines_hook(keras.callbacks.History(),
    ...                                                                         "on_train_batch_end")
    (True, False)
"""
import contextlib
import itertools

import keras
import numpy as np
from keras.src import backend as _backend
from keras.src import utils as _utils
from keras.src.backend.common import global_state as _global_state
from keras.src.backend.common.stateless_scope import get_stateless_scope
from keras.src.backend.common.symbolic_scope import in_symbolic_scope
from keras.src.callbacks.monitor_callback import MonitorCallback as _MonitorCallback
from keras.src.random.seed_generator import GLOBAL_SEED_GENERATOR as _GLOBAL_SEED_GENERATOR
from keras.src.trainers.data_adapters import data_adapter_utils as _adapter_utils
from keras.src.trainers.data_adapters.torch_data_loader_adapter import TorchDataLoaderAdapter as _TorchAdapter
from keras.src.trainers.epoch_iterator import EpochIterator as _EpochIterator

__all__ = ["BuildHookModel", "agree_on_random_seed", "batchnorm_moments", "compute_output_spec", "defines_hook",
           "first_batch", "get_stateless_scope", "global_seed_state", "in_shape_inference", "is_monitor_callback",
           "learning_rate_of", "set_global_seed_state", "set_tf_seed_state", "take_initial_epoch", "tf_seed_state",
           "torch_dict_loader", "updates_without_merge_call"]


def compute_output_spec(fn, *args):
    """Runs `fn` symbolically on KerasTensors (Keras's own shape inference) and returns its output spec."""
    return _backend.compute_output_spec(fn, *args)


def agree_on_random_seed():
    """Sets one Keras random seed on every JAX process (unless one is set already), as
    `keras.distribution.initialize` does after `jax.distributed.initialize`, so every process draws the
    same initial weights. Call it on every process, once they are connected.

    Example:
        >>> keras.utils.set_random_seed(7)
        >>> agree_on_random_seed()  # a seed is set already: every process keeps it
    """
    from keras.src.backend.jax.distribution_lib import initialize_rng
    initialize_rng()


def in_shape_inference():
    """Whether the code runs inside `compute_output_spec` (Keras's symbolic shape inference), not a real step.

    Example:
        >>> seen = []
        >>> _ = compute_output_spec(lambda x: seen.append(in_shape_inference()) or x, keras.KerasTensor((1,)))
        >>> in_shape_inference(), seen[0]
        (False, True)
    """
    return in_symbolic_scope()


def defines_hook(callback, hook):
    """Whether a Keras callback overrides `hook` (Keras skips calling the ones it does not)."""
    return not _utils.is_default(getattr(callback, hook))


def is_monitor_callback(callback):
    """Whether a Keras callback monitors a logged value (`EarlyStopping`, `ModelCheckpoint`, `ReduceLROnPlateau`,
    ...: Keras's private `MonitorCallback` base, which has `monitor`, `mode` and `monitor_op`).

    Example:
        >>> is_monitor_callback(keras.callbacks.EarlyStopping()), is_monitor_callback(keras.callbacks.History())
        (True, False)
    """
    return isinstance(callback, _MonitorCallback)


def take_initial_epoch(model):
    """The epoch a Keras callback asked `model.fit` to start from (`BackupAndRestore` sets the private
    `model._initial_epoch` when it restores a backup), or 0; clears the request, so later `fit` calls
    start where their `initial_epoch` says.

    Example:
        >>> model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
        >>> take_initial_epoch(model)
        0
    """
    epoch, model._initial_epoch = model._initial_epoch, None
    return epoch or 0


def global_seed_state():
    """The state of Keras's global `SeedGenerator` (what `keras.random` functions draw from when given no seed), as
    a numpy array, or None while none exists (Keras makes it on first use; `keras.utils.set_random_seed` drops it).

    Example:
        >>> keras.utils.set_random_seed(1)
        >>> global_seed_state() is None
        True
        >>> _ = keras.random.uniform((1,))
        >>> set_global_seed_state(None); global_seed_state() is None
        True
    """
    generator = _global_state.get_global_attribute(_GLOBAL_SEED_GENERATOR)
    return None if generator is None else np.array(keras.ops.convert_to_numpy(generator.state.value))


def tf_seed_state():
    """TensorFlow's global op seed state (eager): the global seed `tf.random.set_seed` set (None: none) and the state
    of the generator that draws the op seed of each random op or `tf.data` shuffle made without one (TensorFlow
    keeps it privately, in its eager context). Reached only when TensorFlow is loaded.

    Example:
        >>> import tensorflow as tf
        >>> tf.random.set_seed(5)
        >>> state = tf_seed_state()
        >>> first = list(tf.data.Dataset.range(6).shuffle(6).as_numpy_iterator())
        >>> set_tf_seed_state(state)
        >>> state[0], list(tf.data.Dataset.range(6).shuffle(6).as_numpy_iterator()) == first
        (5, True)
    """
    from tensorflow.python.eager import context
    eager = context.context()
    return context.global_seed(), None if eager._rng is None else eager._rng.getstate()


def set_tf_seed_state(state):
    """Puts back a state from `tf_seed_state`: sets the global seed (which also clears TensorFlow's cached random
    kernels) and the op seed generator's position."""
    import tensorflow as tf
    from tensorflow.python.eager import context
    seed, generator = state
    tf.random.set_seed(seed)
    if generator is not None and context.context()._rng is not None:
        context.context()._rng.setstate(generator)


@contextlib.contextmanager
def updates_without_merge_call(strategy):
    """Within it, in a `tf.distribute` strategy's cross-replica context, Keras's TensorFlow optimizer updates the
    variables directly: it asks for a cross-replica merge through `maybe_merge_call`, which needs a replica context
    unless the strategy says it can go without one (TensorFlow's private `_use_merge_call`, false under XLA on GPUs,
    which is told here). The update itself is then the strategy's per-device `extended.update`, as in a merge.

    Example:
        >>> import tensorflow as tf
        >>> strategy = tf.distribute.get_strategy()
        >>> with updates_without_merge_call(strategy):
        ...     tf.__internal__.distribute.strategy_supports_no_merge_call()
        True
    """
    extended = strategy.extended
    had_own = "_use_merge_call" in vars(extended)
    previous = vars(extended).get("_use_merge_call")
    extended._use_merge_call = lambda: False
    try:
        yield
    finally:
        if had_own:
            extended._use_merge_call = previous
        else:
            del extended._use_merge_call


def set_global_seed_state(state):
    """Puts back a state from `global_seed_state` (None: no global `SeedGenerator`, as after
    `keras.utils.set_random_seed`)."""
    if state is None:
        _global_state.set_global_attribute(_GLOBAL_SEED_GENERATOR, None)
        return
    generator = _global_state.get_global_attribute(_GLOBAL_SEED_GENERATOR)
    if generator is None:
        generator = keras.random.SeedGenerator()
        _global_state.set_global_attribute(_GLOBAL_SEED_GENERATOR, generator)
    generator.state.assign(state)


def learning_rate_of(optimizer):
    """The optimizer's learning rate as it was given: a variable, or a `LearningRateSchedule`.

    Example:
        >>> schedule = keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5)
        >>> learning_rate_of(keras.optimizers.SGD(schedule)) is schedule
        True
    """
    return optimizer._learning_rate


def first_batch(x, batch_size=None):
    """The first batch Keras's trainers would read from `x` (any input `fit` / `predict` accepts).

    Example:
        >>> import numpy as np
        >>> first_batch({"x": np.zeros((5, 2))}, batch_size=2)["x"].shape
        (2, 2)
    """
    return _first_of(_EpochIterator(x=x, batch_size=batch_size, steps_per_epoch=1, shuffle=False))


def _first_of(iterator):
    for _, _, data_or_iterator in iterator:
        if isinstance(data_or_iterator, (list, tuple)):
            return data_or_iterator[0]
        return next(data_or_iterator)
    from kerasfe.errors import ConfigError
    raise ConfigError("the data set is empty: there is no batch to read")


class BuildHookModel(keras.Model):
    """A keras.Model whose first-batch build (Keras's private `_symbolic_build`) calls the public
    `build_from_batch(batch)`, and whose compiled `loss` tracker is left to the subclass.

    Example:
        >>> import numpy as np
        >>> class Probe(BuildHookModel):
        ...     def build_from_batch(self, batch):
        ...         self.seen = sorted(batch)
        >>> probe = Probe()
        >>> probe._symbolic_build(data_batch={"x": np.zeros(2)})
        >>> probe.seen
        ['x']
    """

    def build_from_batch(self, batch):
        """Builds the model's state from one batch of data (called by Keras before the first step)."""
        raise NotImplementedError(f"{type(self).__name__} must define build_from_batch(batch)")

    def finish_build(self):
        """Marks the model built after `build_from_batch` (Keras's post-build bookkeeping)."""
        self._post_build()

    def compile(self, *args, **kwargs):
        super().compile(*args, **kwargs)
        self._loss_tracker = None  # the subclass reports "loss" itself

    def _maybe_symbolic_build(self, iterator=None, data_batch=None):
        # Under a tf.distribute strategy, Keras's TensorFlow trainer builds from the first batch of a distributed
        # iterator with the replicas' values *averaged* (labels 4 and 5 become 4.5); build from the replicas' rows
        # side by side instead, so the first-batch checks see real values.
        if iterator is not None and data_batch is None and getattr(self, "_distribute_strategy", None) is not None:
            from kerasfe.backend.tensorflow_distribute import local_rows
            for _, _, batches in iterator:
                data_batch = local_rows(next(batches), self._distribute_strategy)
                break
        super()._maybe_symbolic_build(iterator=None if data_batch is not None else iterator, data_batch=data_batch)

    def _symbolic_build(self, iterator=None, data_batch=None):
        self.build_from_batch(_first_of(iterator) if data_batch is None else data_batch)


@contextlib.contextmanager
def batchnorm_moments(moments):
    """Within this context, every `keras.layers.BatchNormalization` in training computes its batch mean and
    variance as `moments(inputs, mask, axes)` (Keras's private `_moments` hook and `_reduction_axes`), e.g. over
    the batches of every process.

    Example:
        >>> import numpy as np
        >>> layer = keras.layers.BatchNormalization(center=False, scale=False, epsilon=0.0)
        >>> with batchnorm_moments(lambda x, mask, axes: (keras.ops.zeros(2), keras.ops.ones(2))):
        ...     keras.ops.convert_to_numpy(layer(np.ones((3, 2), "float32"), training=True)).tolist()
        [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]]
    """
    layer_class = keras.layers.BatchNormalization
    own = layer_class._moments
    layer_class._moments = lambda layer, inputs, mask: moments(inputs, mask, layer._reduction_axes)
    try:
        yield
    finally:
        layer_class._moments = own


def torch_dict_loader(loader):
    """A Keras data adapter for a torch DataLoader whose batches may be dicts, for the JAX and TensorFlow
    backends: Keras's own adapter there turns a dict batch into a tuple of its keys (Keras 3.15); this one
    gives a dict batch as `(batch,)` and a list as a tuple, as numpy arrays.

    Example:
        >>> import torch
        >>> loader = torch.utils.data.DataLoader([{"x": torch.ones(2)}] * 3, batch_size=2)
        >>> [batch[0]["x"].shape for batch in torch_dict_loader(loader).get_numpy_iterator()]
        [(2, 2), (1, 2)]
    """
    return _TorchDictLoaderAdapter(loader)


class _TorchDictLoaderAdapter(_TorchAdapter):
    def get_numpy_iterator(self):
        for batch in self._dataloader:
            batch = keras.tree.map_structure(lambda value: np.asarray(value.cpu()), batch)
            yield tuple(batch) if isinstance(batch, (list, tuple)) else (batch,)

    def get_tf_dataset(self):
        import tensorflow as tf
        if self._output_signature is None:
            batches = list(itertools.islice(self.get_numpy_iterator(), _adapter_utils.NUM_BATCHES_FOR_TENSOR_SPEC))
            self._output_signature = _adapter_utils.get_tensor_spec(batches)
        return tf.data.Dataset.from_generator(self.get_numpy_iterator, output_signature=self._output_signature)
