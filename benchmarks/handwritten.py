"""Training loops written in each backend's own API, as the Keras guides write them, for comparison:
LeNet (tf.function + GradientTape; jax.jit + stateless_call + optimizer.stateless_apply; torch autograd)
and a DCGAN `keras.Model` subclass with a hand-written `train_step` per backend, run by `model.fit` or by
a hand-written loop over its step (`gan_epoch_fn`).

The GAN step computes what the kerasfe DCGAN network computes: one generator pass on the batch's
latents, the discriminator on fake and real images, and each model's optimizer stepped on its own loss
(keras.optimizers.MultiOptimizer routes the generator's variables to its optimizer)."""
import keras


def lenet_epoch_fn(model, x, y, batch_size):
    """A function that trains `model` (compiled with its optimizer) for one pass over x, y in order."""
    backend = keras.backend.backend()
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    optimizer = model.optimizer
    optimizer.build(model.trainable_variables)
    batches = [(x[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(x), batch_size)]
    if backend == "tensorflow":
        import tensorflow as tf

        @tf.function
        def step(xb, yb):
            with tf.GradientTape() as tape:
                loss = loss_fn(yb, model(xb, training=True))
            optimizer.apply(tape.gradient(loss, model.trainable_variables), model.trainable_variables)
            return loss

        batches = [(tf.constant(xb), tf.constant(yb)) for xb, yb in batches]
        return lambda: [step(xb, yb) for xb, yb in batches][-1]
    if backend == "jax":
        return _jax_epoch_fn(model, loss_fn, batches)
    import torch
    batches = [(torch.as_tensor(xb), torch.as_tensor(yb)) for xb, yb in batches]

    def epoch():
        for xb, yb in batches:
            model.zero_grad()
            loss = loss_fn(yb, model(xb, training=True))
            loss.backward()
            with torch.no_grad():
                optimizer.apply([v.value.grad for v in model.trainable_variables], model.trainable_variables)
        return loss
    return epoch


def _jax_epoch_fn(model, loss_fn, batches):
    import jax

    def compute_loss(trainable, non_trainable, xb, yb):
        y_pred, non_trainable = model.stateless_call(trainable, non_trainable, xb, training=True)
        return loss_fn(yb, y_pred), non_trainable

    grad_fn = jax.value_and_grad(compute_loss, has_aux=True)

    @jax.jit
    def step(state, xb, yb):
        trainable, non_trainable, optimizer_state = state
        (loss, non_trainable), grads = grad_fn(trainable, non_trainable, xb, yb)
        trainable, optimizer_state = model.optimizer.stateless_apply(optimizer_state, grads, trainable)
        return loss, (trainable, non_trainable, optimizer_state)

    batches = [(jax.numpy.asarray(xb), jax.numpy.asarray(yb)) for xb, yb in batches]

    def epoch():
        state = ([v.value for v in model.trainable_variables], [v.value for v in model.non_trainable_variables],
                 [v.value for v in model.optimizer.variables])
        for xb, yb in batches:
            loss, state = step(state, xb, yb)
        for variables, values in zip((model.trainable_variables, model.non_trainable_variables,
                                      model.optimizer.variables), state):
            for variable, value in zip(variables, values):
                variable.assign(value)
        return jax.block_until_ready(loss)  # JAX dispatches asynchronously: time the finished work
    return epoch


def gan_epoch_fn(model, data, batch_size):
    """A function that runs the compiled `HandWrittenGAN` step over `data` ({"x", "z"}) in order, without fit."""
    backend = keras.backend.backend()
    batches = [{key: value[i:i + batch_size] for key, value in data.items()}
               for i in range(0, len(data["x"]), batch_size)]
    if backend == "tensorflow":
        import tensorflow as tf
        step = tf.function(model.train_step)
        batches = [{key: tf.constant(value) for key, value in batch.items()} for batch in batches]
        return lambda: [step(batch) for batch in batches][-1]
    if backend == "jax":
        return _jax_gan_epoch_fn(model, batches)
    import torch
    batches = [{key: torch.as_tensor(value) for key, value in batch.items()} for batch in batches]
    return lambda: [model.train_step(batch) for batch in batches][-1]


def _jax_gan_epoch_fn(model, batches):
    import jax
    step = jax.jit(model.jax_train_step)
    batches = [{key: jax.numpy.asarray(value) for key, value in batch.items()} for batch in batches]
    groups = (model.trainable_variables, model.non_trainable_variables, model.optimizer.variables,
              model.metrics_variables)

    def epoch():
        state = tuple([v.value for v in variables] for variables in groups)
        for batch in batches:
            logs, state = step(state, batch)
        for variables, values in zip(groups, state):
            for variable, value in zip(variables, values):
                variable.assign(value)
        return jax.block_until_ready(logs)  # JAX dispatches asynchronously: time the finished work
    return epoch


class HandWrittenGAN(keras.Model):
    """generator + discriminator with a per-backend `train_step` on batches {"x": images, "z": latents}.

    `compile()` gives each model an Adam(1e-4) through one MultiOptimizer (generator variables by path)."""

    def __init__(self, generator, discriminator):
        super().__init__()
        self.generator, self.discriminator = generator, discriminator
        self.bce = keras.losses.BinaryCrossentropy(from_logits=True)
        self.g_loss_tracker, self.d_loss_tracker = keras.metrics.Mean(name="g_loss"), keras.metrics.Mean(name="d_loss")
        self.built = True  # both parts are built functional models; there is no call() to trace

    def compile(self, **kwargs):
        optimizers = keras.optimizers.OptimizerMap(default_optimizer=keras.optimizers.Adam(1e-4))
        optimizers[f"^{self.generator.name}/.*"] = keras.optimizers.Adam(1e-4)
        super().compile(optimizer=keras.optimizers.MultiOptimizer(optimizers), **kwargs)
        self.optimizer.build(self.trainable_variables)

    @property
    def metrics(self):
        return [self.g_loss_tracker, self.d_loss_tracker]

    def losses_of(self, fake_score, real_score):
        g_loss = self.bce(keras.ops.ones_like(fake_score), fake_score)
        d_loss = self.bce(keras.ops.ones_like(real_score), real_score) + \
            self.bce(keras.ops.zeros_like(fake_score), fake_score)
        return g_loss, d_loss

    def logs(self, g_loss, d_loss):
        self.g_loss_tracker.update_state(g_loss)
        self.d_loss_tracker.update_state(d_loss)
        return {"g_loss": self.g_loss_tracker.result(), "d_loss": self.d_loss_tracker.result()}

    def train_step(self, *args):
        backend = keras.backend.backend()
        if backend == "jax":
            return self.jax_train_step(*args)
        data = args[0]
        x, z = data["x"], data["z"]
        g_vars, d_vars = self.generator.trainable_variables, self.discriminator.trainable_variables
        if backend == "tensorflow":
            import tensorflow as tf
            with tf.GradientTape(persistent=True) as tape:
                fake = self.generator(z, training=True)
                g_loss, d_loss = self.losses_of(self.discriminator(fake, training=True),
                                                self.discriminator(x, training=True))
            grads = tape.gradient(g_loss, g_vars) + tape.gradient(d_loss, d_vars)
            self.optimizer.apply(grads, g_vars + d_vars)
            return self.logs(g_loss, d_loss)
        import torch
        fake = self.generator(z, training=True)
        g_loss, d_loss = self.losses_of(self.discriminator(fake, training=True), self.discriminator(x, training=True))
        g_grads = torch.autograd.grad(g_loss, [v.value for v in g_vars], retain_graph=True)
        d_grads = torch.autograd.grad(d_loss, [v.value for v in d_vars])
        with torch.no_grad():
            self.optimizer.apply(list(g_grads) + list(d_grads), g_vars + d_vars)
        return self.logs(g_loss, d_loss)

    def jax_train_step(self, state, data):
        """The step as a pure function of (trainable, non-trainable, optimizer, metrics) values, as Keras's
        JAX trainer calls it."""
        import jax
        trainable, non_trainable, optimizer_state, metrics_state = state
        n_g, n_g_state = len(self.generator.trainable_variables), len(self.generator.non_trainable_variables)

        def forward(trainable):
            fake, g_state = self.generator.stateless_call(trainable[:n_g], non_trainable[:n_g_state], data["z"],
                                                          training=True)
            d_state = non_trainable[n_g_state:]
            fake_score, d_state = self.discriminator.stateless_call(trainable[n_g:], d_state, fake, training=True)
            real_score, d_state = self.discriminator.stateless_call(trainable[n_g:], d_state, data["x"],
                                                                    training=True)
            return self.losses_of(fake_score, real_score), g_state + d_state

        (g_loss, d_loss), pullback, new_non_trainable = jax.vjp(forward, trainable, has_aux=True)
        one, zero = jax.numpy.ones_like(g_loss), jax.numpy.zeros_like(d_loss)
        (g_grads,) = pullback((one, zero))
        (d_grads,) = pullback((zero, one))
        trainable, optimizer_state = self.optimizer.stateless_apply(optimizer_state, g_grads[:n_g] + d_grads[n_g:],
                                                                    trainable)
        with keras.StatelessScope(state_mapping=list(zip(self.metrics_variables, metrics_state))) as scope:
            logs = self.logs(g_loss, d_loss)
        metrics_state = [scope.get_current_value(v) for v in self.metrics_variables]
        return logs, (trainable, new_non_trainable, optimizer_state, metrics_state)
