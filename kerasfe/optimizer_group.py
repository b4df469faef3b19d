"""OptimizerGroup: every model's optimizer seen by Keras as one optimizer."""
import keras


class OptimizerGroup(keras.optimizers.Optimizer):
    """The Network's `optimizer`: holds each model's own optimizer, so Keras threads all their state.

    Keras's JAX trainer carries only `model.optimizer.variables` through the jitted step; this group
    lists every member optimizer's variables there, so no model's optimizer state is dropped. Each
    member is built on its own model's trainable variables and stepped by that model's UpdateOps.
    (Keras's `MultiOptimizer` maps one gradient list onto optimizers by variable and refuses
    `LossScaleOptimizer` members, which mixed precision needs.) `iterations` is the first member's
    step count.

    Keras callbacks see the members as `optimizers` (as on Keras's `MultiOptimizer`), so
    `LearningRateScheduler`, `ReduceLROnPlateau`, `TensorBoard` and `SwapEMAWeights` act on every model's
    optimizer and log `learning_rate_<optimizer name>`. Setting `learning_rate` sets it on every member;
    reading it gives the members' common rate and raises `AttributeError` when their rates differ (then
    read each model's `model.optimizer.learning_rate`).

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
        >>> model.compile(optimizer="adam")
        >>> group = OptimizerGroup([model])
        >>> group.build([])
        >>> len(group.variables), len(model.optimizer.variables)  # its own iteration and learning rate, then adam's
        (8, 6)
        >>> group.learning_rate = 0.5
        >>> [float(optimizer.learning_rate) for optimizer in group.optimizers]
        [0.5]
    """

    def __init__(self, models, name="optimizer_group"):
        super().__init__(learning_rate=0.0, name=name)
        self._members = [(model, model.optimizer) for model in models if getattr(model, "optimizer", None)]

    def build(self, var_list):
        self.build_members()
        super().build([])

    def build_members(self):
        """Builds each member not built yet on its model's trainable variables; a frozen model's optimizer
        (no trainable variables) waits until the model is unfrozen."""
        for model, optimizer in self._members:
            if not optimizer.built and model.trainable_variables:
                optimizer.build(model.trainable_variables)

    @property
    def members(self):
        """The (model, optimizer) pairs of the group."""
        return list(self._members)

    @property
    def variables(self):
        return self._variables[:] + [v for _, optimizer in self._members for v in optimizer.variables]

    @property
    def iterations(self):
        return self._members[0][1].iterations if self._members else self._iterations

    @property
    def optimizers(self):
        """Every member's optimizer, in the order of the Network's models."""
        return [optimizer for _, optimizer in self._members]

    @property
    def learning_rate(self):
        rates = [float(keras.ops.convert_to_numpy(optimizer.learning_rate)) for optimizer in self.optimizers]
        if len(set(rates)) != 1:
            names = [model.name for model, _ in self._members]
            raise AttributeError(f"The network's optimizers (of models {names}) have learning rates {rates}, so "
                                 "there is no one learning rate to read; read each model's "
                                 "model.optimizer.learning_rate")
        return self.optimizers[0].learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        for optimizer in self.optimizers:
            optimizer.learning_rate = value

    def finalize_variable_values(self, var_list):
        """Keeps the trained weights at the end of `fit`. Keras would write EMA weights over them here;
        the Estimator calls fit once per epoch, so that is left to `Network.finalize_ema` /
        `Network.ema_weights`."""

    def get_config(self):
        return {"name": self.name}

    def save_own_variables(self, store):
        """Saves the group's own counters only: Keras saves each member optimizer's state with its model."""
        for index, variable in enumerate(self._variables):
            store[str(index)] = variable.numpy()

    def load_own_variables(self, store):
        for index, variable in enumerate(self._variables):
            variable.assign(store[str(index)])
