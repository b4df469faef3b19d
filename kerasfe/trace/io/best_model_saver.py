"""BestModelSaver: saves a model's weights whenever a metric reaches its best value."""
import os

from kerasfe.atomic_file import make_folder
from kerasfe.trace.io.model_saver import architecture_path, check_weights_name, save_finite_weights
from kerasfe.trace.monitor import Monitor
from kerasfe.trace.trace import Trace


class BestModelSaver(Trace):
    """Saves `model`'s weights to `save_dir/<model>_best_<metric>.weights.h5` when `metric` improves (and, with
    `save_architecture`, the whole model to the `.keras` file of the same name).

    Writes `since_best_<metric>` and `<metric>_best` with log at each evaluation. The file is replaced
    atomically (written to a temporary name in `save_dir`, fsynced, renamed), so a run killed mid-save
    leaves the previous best file whole. Non-finite weights are never saved (a warning says so).

    Args:
        model: the model (from `fe.build`) to save.
        save_dir: the folder of the weights file.
        metric: the key compared (a loss or a metric Trace's output); default "loss".
        save_best_mode: "min" or "max".
        load_best_final: load the best weights back into the model when training ends.
        mode: when it compares ("eval" by default; "train" uses the train epoch's logs).
        weights_name: the exact file name (a non-empty str, saved as `<weights_name>.weights.h5`); None: the
            default above.
        save_architecture: also save the whole model (architecture, weights, optimizer) as a `.keras` file that
            `keras.saving.load_model` reads back without the code that built it.

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)], name="net")
        >>> saver = BestModelSaver(model, save_dir="ckpt", metric="accuracy", save_best_mode="max")
        >>> saver.path.replace(os.sep, "/"), saver.outputs
        ('ckpt/net_best_accuracy.weights.h5', ['since_best_accuracy', 'accuracy_best'])
    """

    def __init__(self, model, save_dir, metric="loss", save_best_mode="min", load_best_final=False, mode="eval",
                 weights_name=None, save_architecture=False):
        super().__init__(inputs=metric, outputs=[f"since_best_{metric}", f"{metric}_best"], mode=mode)
        self.model, self.save_dir, self.metric = model, save_dir, metric
        self.load_best_final = load_best_final
        self.monitor = Monitor(self.describe(), metric, save_best_mode)
        name = check_weights_name(self, weights_name) or f"{model.name}_best_{metric.replace('/', '_')}"
        self.path = os.path.join(save_dir, f"{name}.weights.h5")
        self.save_architecture = save_architecture
        self.architecture_path = architecture_path(self.path) if save_architecture else None

    def on_begin(self, data):
        make_folder(self.save_dir, self.describe(), "save_dir")

    def on_epoch_end(self, data):
        if self.monitor.update(data[self.metric]):
            save_finite_weights(self, self.model, self.path, self.save_architecture)
        data.write_with_log(self.outputs[0], self.monitor.since_best)
        data.write_with_log(self.outputs[1], self.monitor.best)

    def on_end(self, data):
        if self.load_best_final and os.path.exists(self.path):
            self.system.sync_weights()
            self.model.load_weights(self.path)
