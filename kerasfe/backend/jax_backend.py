"""JAX steps: pure functions of the state Keras threads through `jax.jit`.

The state holds the values of the Network's trainable, non-trainable, optimizer (every model's
optimizer, through the Network's OptimizerGroup) and metric variables. The forward ops run in a
`keras.StatelessScope` that maps every variable to its value; `jax.vjp` gives one pullback for the
forward pass, applied once per UpdateOp; each optimizer steps with Keras's `stateless_apply` (which
also handles `LossScaleOptimizer`); the loss trackers run in a last scope. The new state is read
back from the updated values.

Under a `keras.distribution` the batch is one global array split over the devices (of every process),
so the losses and gradients are those of the global batch as one device computes them; the logs (loss
means and the bus values Traces read) and predictions leave the step whole on every device, so every
process reads the same global values.
"""
import jax
from keras import StatelessScope

from kerasfe.backend.jax_distribute import replicated


def _variable_groups(network, with_optimizer):
    groups = [network.trainable_variables, network.non_trainable_variables]
    if with_optimizer:
        groups.append(network.optimizer.variables)
    return groups + [network.metrics_variables]


class _Values:
    """The current value of every variable of the state, by variable."""

    def __init__(self, groups, state):
        self.groups = groups
        self.by_id = {id(v): value for group, values in zip(groups, state) for v, value in zip(group, values)}
        self.variables = {id(v): v for group in groups for v in group}

    def of(self, variables):
        return [self.by_id[id(v)] for v in variables]

    def set(self, variables, values):
        self.by_id.update((id(v), value) for v, value in zip(variables, values))

    def mapping(self, skip=()):
        return [(self.variables[key], value) for key, value in self.by_id.items() if key not in skip]

    def scope(self):
        return StatelessScope(state_mapping=self.mapping())

    def absorb(self, scope):
        """Takes the assignments a StatelessScope collected."""
        for key, variable in self.variables.items():
            value = scope.get_current_value(variable)
            if value is not None:
                self.by_id[key] = value

    def state(self):
        return tuple(self.of(group) for group in self.groups)


def train_step(network, state, data):
    values = _Values(_variable_groups(network, with_optimizer=True), state)
    batch = network.batch_from(data)
    updates = network.active_updates("train")
    wrt = list({id(v): v for op in updates for v in op.model.trainable_variables}.values())
    fixed = values.mapping(skip={id(v) for v in wrt})

    def forward(wrt_values):
        with StatelessScope(state_mapping=fixed + list(zip(wrt, wrt_values))) as scope:
            outputs = network.run_ops(dict(batch), "train")
            losses = network.losses_to_differentiate(outputs, updates)
        return losses, (outputs, [scope.get_current_value(v) for v in network.non_trainable_variables])

    losses, pullback, (outputs, non_trainable) = jax.vjp(forward, values.of(wrt), has_aux=True)
    values.set([v for v, value in zip(network.non_trainable_variables, non_trainable) if value is not None],
               [value for value in non_trainable if value is not None])
    derived = []
    for index, op in enumerate(op for op in updates if op.gradients is None):
        cotangent = [jax.numpy.ones_like(loss) if i == index else jax.numpy.zeros_like(loss)
                     for i, loss in enumerate(losses)]
        grad_by_id = {id(v): g for v, g in zip(wrt, pullback(cotangent)[0])}
        derived.append([grad_by_id[id(v)] for v in op.model.trainable_variables])
    for op, grads in zip(updates, network.all_gradients(outputs, updates, derived)):
        optimizer, variables = op.model.optimizer, op.model.trainable_variables
        new_variables, new_optimizer = optimizer.stateless_apply(
            values.of(optimizer.variables), grads, values.of(variables))
        values.set(variables, new_variables)
        values.set(optimizer.variables, new_optimizer)
    with values.scope() as scope:
        logs = network.step_logs(outputs, "train")
    values.absorb(scope)
    return replicated(logs), values.state()


def test_step(network, state, data):
    values = _Values(_variable_groups(network, with_optimizer=False), state)
    mode = network.evaluation_mode
    with values.scope() as scope:
        logs = network.step_logs(network.run_ops(network.batch_from(data), mode), mode)
    values.absorb(scope)
    return replicated(logs), values.state()


def predict_step(network, state, data):
    values = _Values([network.trainable_variables, network.non_trainable_variables], state)
    with values.scope() as scope:
        outputs = network.prediction(network.run_ops(network.batch_from(data), "infer"))
    values.absorb(scope)
    return replicated(outputs), values.state()[1]


def gradient(fn, inputs):
    """Gradients of `sum(fn(inputs))` w.r.t. each tensor of `inputs`, with `jax.grad`; inside the train
    step's `jax.vjp` they are differentiated again, so a loss on them still trains the models."""
    return jax.grad(lambda values: jax.numpy.sum(fn(values)))(list(inputs))
