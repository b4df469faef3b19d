"""Summary: the history of every value logged during a run, per mode and step, with plots."""
from kerasfe.atomic_file import save_atomically


class Summary:
    """Every logged value of a run: `history[mode][key][global_step] = value`.

    `history[mode]["epoch"]` maps the step of each epoch end to its epoch, so per-epoch values can be
    read back with `epoch_values`.

    Args:
        name: the experiment's name (used as the plot title).

    Example:
        >>> summary = Summary("exp1")
        >>> summary.record("train", step=10, logs={"ce": 0.9}, epoch=1)
        >>> summary.record("train", step=20, logs={"ce": 0.5}, epoch=2)
        >>> summary.history["train"]["ce"], summary.epoch_values("train", "ce")
        ({10: 0.9, 20: 0.5}, [0.9, 0.5])
    """

    def __init__(self, name=None):
        self.name = name
        self.history = {}

    def record(self, mode, step, logs, epoch=None):
        """Records `logs` (key -> value) of `mode` at `step`; `epoch` marks the step as that epoch's end."""
        mode_history = self.history.setdefault(mode, {})
        for key, value in logs.items():
            mode_history.setdefault(key, {})[step] = value
        if epoch is not None:
            mode_history.setdefault("epoch", {})[step] = epoch

    def epoch_values(self, mode, key):
        """The values of `key` logged at the end of each epoch of `mode`, in order."""
        mode_history = self.history.get(mode, {})
        values = mode_history.get(key, {})
        return [values[step] for step in sorted(mode_history.get("epoch", {})) if step in values]

    def plot(self, keys=None, save_path=None):
        """Plots each scalar key against the step, one panel per key, one line per mode.

        Args:
            keys: the keys to plot (default: every scalar key but "epoch").
            save_path: where to save the figure (any matplotlib format); None only returns it.

        Returns:
            The matplotlib Figure.
        """
        import matplotlib.pyplot as plt
        import numpy as np
        if keys is None:
            keys = sorted({key for mode_history in self.history.values() for key, values in mode_history.items()
                           if key != "epoch" and all(np.ndim(v) == 0 for v in values.values())})
        figure, axes = plt.subplots(len(keys), 1, figsize=(6, 2.5 * max(len(keys), 1)), squeeze=False)
        for axis, key in zip(axes[:, 0], keys):
            for mode, mode_history in self.history.items():
                if key in mode_history:
                    steps = sorted(mode_history[key])
                    axis.plot(steps, [float(mode_history[key][step]) for step in steps], marker=".", label=mode)
            axis.set_ylabel(key)
            axis.legend()
        axes[-1, 0].set_xlabel("step")
        if self.name:
            figure.suptitle(self.name)
        figure.tight_layout()
        if save_path is not None:
            save_atomically(figure.savefig, save_path)
        return figure
