"""System: the state of the training loop that Traces read and change."""
from kerasfe.util.util import get_num_devices


class System:
    """What Traces know about the loop: where it is, what it trains, and the history so far.

    Attributes:
        mode: the running mode ("train", "eval", "test").
        ds_id: the id of the data set being run (None when there is one per mode).
        mode_ds_ids: the ids of every data set the current mode runs, in order ([None] for one).
        epoch_idx: the current epoch, from 1.
        global_step: train steps taken so far (during a train batch: that batch's step, from 1).
        batch_idx: the batch within the epoch, from 1.
        epoch_steps: how many batches the current train epoch has (None: unknown).
        eval_steps: how many batches the current eval / test epoch has (None: unknown).
        eval_log_steps: the eval steps (from 1) at which the Logger prints the eval progress.
        epoch_modes: the modes the current epoch runs (("train", "eval") when it evaluates).
        network, pipeline: what is trained, on what.
        summary: the `Summary` that records every logged value.
        traces: every Trace of the loop (set by its `TraceRunner`).
        num_devices: how many devices a step runs on (`kerasfe.util.get_num_devices()` unless given).
        total_epochs, log_steps, max_train_steps_per_epoch, max_eval_steps_per_epoch: the run's settings.
        train_steps_per_epoch, eval_steps_per_epoch: FastEstimator's exact epoch lengths, when the Estimator was given
            them (they are also the `max_*` caps).
        system_config: what the caller describes the run with (FastEstimator's Traceability tables; kept as given).

    The constructor takes FastEstimator's System arguments (network, pipeline, traces, mode, ds_id, num_devices,
    log_steps, total_epochs, train_steps_per_epoch, eval_steps_per_epoch, eval_log_steps, system_config) by keyword,
    and kerasfe's `summary` and `max_*_steps_per_epoch`.

    Example:
        >>> system = System(network=None, total_epochs=3, log_steps=10)
        >>> system.global_step = 20
        >>> system.is_log_step(), system.is_log_step(15), system.stop_training
        (True, False, False)
    """

    def __init__(self, network, pipeline=None, traces=None, mode=None, ds_id=None, num_devices=None, log_steps=100,
                 total_epochs=1, train_steps_per_epoch=None, eval_steps_per_epoch=None, eval_log_steps=(),
                 system_config=None, summary=None, max_train_steps_per_epoch=None, max_eval_steps_per_epoch=None):
        self.network, self.pipeline, self.summary = network, pipeline, summary
        self.total_epochs, self.log_steps = total_epochs, log_steps
        self.num_devices = get_num_devices() if num_devices is None else num_devices
        self.train_steps_per_epoch, self.eval_steps_per_epoch = train_steps_per_epoch, eval_steps_per_epoch
        self.max_train_steps_per_epoch = train_steps_per_epoch or max_train_steps_per_epoch
        self.max_eval_steps_per_epoch = eval_steps_per_epoch or max_eval_steps_per_epoch
        self.system_config = system_config
        self.traces = list(traces or [])
        self.mode, self.ds_id, self.mode_ds_ids = mode, ds_id, [ds_id]
        self.epoch_idx, self.global_step, self.batch_idx = 0, 0, 0
        self.epoch_steps = None  # batches in the current train epoch, when known
        self.eval_steps = None  # batches in the current eval / test epoch, when known
        self.eval_log_steps = list(eval_log_steps)  # eval steps at which the Logger prints the eval progress
        self.epoch_modes = ("train",)  # the modes the current epoch runs
        self._stop_training = False

    @property
    def stop_training(self):
        """Set to True to stop training after the current batch (a Keras callback setting
        `model.stop_training` counts too)."""
        return self._stop_training or bool(getattr(self.network, "stop_training", False))

    @stop_training.setter
    def stop_training(self, value):
        self._stop_training = bool(value)
        if self.network is not None:
            self.network.stop_training = bool(value)

    def is_log_step(self, step=None):
        """Whether train step `step` (None: the current one) is one the Logger reports (step 1 and every
        `log_steps`)."""
        step = self.global_step if step is None else step
        return bool(self.log_steps) and (step == 1 or step % self.log_steps == 0)

    def sync_weights(self):
        """Makes the network's variables current before a Trace reads or writes them.

        Under JAX, Keras keeps the variables in the jitted step's state during an epoch; this puts them
        back (a no-op on other backends and when they are current). Call it only when weights are
        needed, not every batch: each sync costs a state round trip.
        """
        sync = getattr(self.network, "jax_state_sync", None)
        if sync is not None:
            sync()
