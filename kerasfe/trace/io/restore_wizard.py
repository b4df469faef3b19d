"""RestoreWizard: snapshots the whole training state every few epochs or steps, so that a killed run resumes exactly."""
import os
import re
import shutil

from kerasfe import training_state
from kerasfe.atomic_file import TEMP_PREFIX, make_folder
from kerasfe.distribute import is_chief
from kerasfe.errors import ConfigError
from kerasfe.trace.trace import Trace

SNAPSHOT_NAME = re.compile(r"^step_(\d+)$")


def latest_snapshot(directory):
    """The newest complete snapshot folder in `directory` (the one of the highest step), or None when there is none
    (or no `directory`). Folders of an interrupted write have temporary names and are never chosen.

    Example:
        >>> import tempfile
        >>> folder = tempfile.mkdtemp()
        >>> for name in ("step_000000010", "step_000000200", ".tmp-1f2e-step_000000300"):
        ...     os.makedirs(os.path.join(folder, name))
        >>> os.path.basename(latest_snapshot(folder)), latest_snapshot(os.path.join(folder, "absent"))
        ('step_000000200', None)
    """
    if not os.path.isdir(directory):
        return None
    steps = {int(match.group(1)): name for name in os.listdir(directory) if (match := SNAPSHOT_NAME.match(name))}
    return os.path.join(directory, steps[max(steps)]) if steps else None


def find_snapshot(path):
    """The snapshot `path` names: the folder itself when it is a snapshot, else the newest in it (a RestoreWizard's
    directory); ConfigError when there is none.

    Example:
        >>> find_snapshot("no/such/folder")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kerasfe.errors.ConfigError: Estimator.fit(resume_from='no/such/folder'): no snapshot there; ...
    """
    path = os.fspath(path)
    if os.path.isfile(os.path.join(path, training_state.STATE_FILE)):
        return path
    latest = latest_snapshot(path)
    if latest is None:
        raise ConfigError(f"Estimator.fit(resume_from='{path}'): no snapshot there; give a snapshot folder a "
                          "RestoreWizard wrote (step_<N>), or the RestoreWizard's directory holding them")
    return latest


class RestoreWizard(Trace):
    """Saves a complete snapshot of the training state into `directory` every `frequency` epochs (or steps); the next
    `fit()` of an Estimator with this RestoreWizard resumes from the newest snapshot there.

    A snapshot (`directory/step_<global step>`) holds everything the run needs to continue bit-identically (see
    `kerasfe.training_state`): weights, optimizer slots, loss trackers, every Trace's and op's state, the Summary,
    the loop's position (epoch and train batches done) with the Pipeline's seed (so the resumed epoch gets the same
    shuffle, from the next batch on) and every RNG. Epoch snapshots are taken once the epoch's evaluation ended;
    step snapshots right after that train step (one falling on an epoch's last step is taken at the epoch's end,
    after its evaluation, as is every snapshot of a source of unknown length). Each is written into a temporary
    folder, fsynced and renamed, so it is complete or absent; the older snapshot is deleted only after. A run
    killed at any moment (even mid-write) resumes from the newest complete one and ends with the weights,
    optimizer state and Summary an uninterrupted run ends with (timing values such as `steps/sec` aside).
    `Estimator.fit(resume_from=path)` resumes from a given snapshot (or directory) instead. Only the chief process
    writes.

    Args:
        directory: the folder of the snapshots.
        frequency: an int: every this many epochs; or a string "<N>s": every N train steps (e.g. "100s").

    Example:
        >>> RestoreWizard("ckpt", frequency="100s").every, RestoreWizard("ckpt").unit
        (100, 'epoch')
    """

    state_exclude = Trace.state_exclude + ("directory", "unit", "every")

    def __init__(self, directory, frequency=1):
        super().__init__(mode=("train", "eval"))
        self.directory = os.fspath(directory)
        self.unit, self.every = _parse_frequency(self.describe(), frequency)
        self.due = False  # a snapshot is to be taken once the current step (or epoch) is complete

    def latest(self):
        """The newest complete snapshot in `directory`, or None."""
        return latest_snapshot(self.directory)

    def on_begin(self, data):
        make_folder(self.directory, self.describe(), "directory")

    def needs_batch(self, step):
        return self.unit == "step" and self.system.mode == "train" and step % self.every == 0

    def on_batch_end(self, data):
        if self.needs_batch(self.system.global_step):
            self.due = True

    def on_epoch_end(self, data):
        if self.unit == "epoch" and self.system.mode == "train" and self.system.epoch_idx % self.every == 0:
            self.due = True

    def after_batch(self):
        """Takes a due step snapshot once the step is complete (its logs recorded), but at an epoch's last step."""
        system = self.system
        if self.due and system.mode == "train" and system.epoch_steps is not None \
                and system.batch_idx < system.epoch_steps:
            self._save(system.epoch_idx, system.batch_idx)

    def after_epoch(self):
        """Takes a due snapshot once the epoch (with its evaluation) is complete."""
        if self.due:
            self._save(self.system.epoch_idx + 1, 0)

    def _save(self, epoch, batches_done):
        self.due = False
        if not is_chief():
            return
        path = os.path.join(self.directory, f"step_{self.system.global_step:09d}")
        if not os.path.exists(path):  # else a resumed run reached a step it had saved: the same state
            training_state.save(training_state.capture(self.system, epoch, batches_done), path)
        for name in os.listdir(self.directory):
            if name != os.path.basename(path) and (SNAPSHOT_NAME.match(name) or name.startswith(TEMP_PREFIX)):
                shutil.rmtree(os.path.join(self.directory, name), ignore_errors=True)


def _parse_frequency(owner, frequency):
    if isinstance(frequency, int) and not isinstance(frequency, bool) and frequency >= 1:
        return "epoch", frequency
    if isinstance(frequency, str) and re.fullmatch(r"[1-9]\d*s", frequency):
        return "step", int(frequency[:-1])
    raise ConfigError(f"{owner}: frequency must be an int >= 1 (every this many epochs) or a string '<N>s' (every N "
                      f"train steps, e.g. '100s'); got {frequency!r}")
