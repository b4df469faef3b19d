"""Saliency: saliency masks of a model on a few samples, drawn at each epoch end."""
import numpy as np

from kerasfe.op.op import to_list
from kerasfe.trace.trace import Trace
from kerasfe.util.display import BatchDisplay, GridDisplay
from kerasfe.xai.saliency import SaliencyNet


class Saliency(Trace):
    """Computes saliency masks (vanilla gradients, SmoothGrad, integrated gradients and both) of `model` on some
    samples at each epoch end and writes a `GridDisplay` of them to `outputs[0]` (for ImageSaver / ImageViewer).

    Args:
        model: the model to inspect.
        model_inputs: the key(s) of its input(s).
        model_outputs: the key(s) of its output(s) (class scores).
        class_key: the key of the true labels (drawn as text; optional).
        label_mapping: {class name: label value}, to write names.
        outputs: the key(s) of the masks (the GridDisplay goes to the first).
        samples: None (the first batch), an int (that many samples, collected over the epoch's first batches),
            or {model input key: values} (fixed samples).
        mode, ds_id: where it runs.
        smoothing: SmoothGrad samples (0: none).
        integrating: integrated-gradient steps (0: none), or (steps, SmoothGrad samples of integrated gradients).

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
        >>> Saliency(model, model_inputs="x", model_outputs="y_pred", class_key="y").inputs
        ['y', 'x']
    """

    def __init__(self, model, model_inputs, model_outputs, class_key=None, label_mapping=None, outputs="saliency",
                 samples=None, mode=("eval", "test"), ds_id=None, smoothing=25, integrating=(100, 6)):
        self.class_key, self.model_outputs = class_key, to_list(model_outputs)
        super().__init__(inputs=to_list(class_key) + to_list(model_inputs), outputs=outputs, mode=mode, ds_id=ds_id)
        self.smoothing, self.integrating = smoothing, integrating
        self.label_mapping = {value: name for name, value in label_mapping.items()} if label_mapping else None
        self.fixed = dict(samples) if isinstance(samples, dict) else None
        self.n_required = samples if isinstance(samples, int) else 0
        self.salnet = SaliencyNet(model=model, model_inputs=model_inputs, model_outputs=model_outputs,
                                  outputs=outputs)
        self.collected, self.n_found = {}, 0

    def on_epoch_begin(self, data):
        self.collected, self.n_found = {key: [] for key in self.inputs}, 0

    def on_batch_end(self, data):
        if self.fixed is None and (self.n_found == 0 or self.n_found < self.n_required):
            for key in self.inputs:
                self.collected[key].append(np.asarray(data[key]))
            self.n_found += len(np.asarray(data[self.inputs[-1]]))

    def _names(self, values):
        values = np.asarray(values).reshape(len(values))
        return np.array([self.label_mapping[v.item()] for v in values]) if self.label_mapping else values

    def on_epoch_end(self, data):
        if self.fixed is not None:
            samples = self.fixed
        elif self.n_found:
            count = self.n_required or len(self.collected[self.inputs[-1]][0])
            samples = {key: np.concatenate(values)[:count] for key, values in self.collected.items()}
        else:
            return
        self.system.sync_weights()
        net = self.salnet
        masks = net.get_masks(samples)
        targets = [masks[key] for key in self.model_outputs]
        smoothed = net.get_smoothed_masks(samples, nsamples=self.smoothing, targets=targets) if self.smoothing else {}
        integrated, smint = {}, {}
        if self.integrating:
            steps, n_smoothing = self.integrating if isinstance(self.integrating, tuple) else \
                (self.integrating, self.smoothing)
            integrated = net.get_integrated_masks(samples, nsamples=steps, targets=targets)
            if n_smoothing:
                smint = net.get_smoothed_masks(samples, nsamples=n_smoothing, nintegration=steps, targets=targets)
        columns = []
        if self.class_key:
            columns.append(BatchDisplay(text=self._names(samples[self.class_key]), title=self.class_key))
        columns += [BatchDisplay(text=self._names(masks[key]), title=key) for key in self.model_outputs]
        final = smint or integrated or smoothed or masks
        for key, output in zip(net.model_inputs, net.outputs):
            image = np.asarray(samples[key], "float32")
            low, spread = image.min(), image.max() - image.min()
            columns.append(BatchDisplay(image=image, title=key))
            mask = final[output]
            columns.append(BatchDisplay(image=0.3 * (mask * (image - low) + low) + 0.3 * image + 0.4 * mask * spread
                                        + low, title=f"{key} {output}"))
        for output in net.outputs:
            columns.append(BatchDisplay(image=masks[output], title=output, color_map="inferno"))
            for prefix, result in (("Smoothed", smoothed), ("Integrated", integrated), ("SmInt", smint)):
                if result:
                    columns.append(BatchDisplay(image=result[output], title=f"{prefix} {output}",
                                                color_map="inferno"))
        data.write_without_log(self.outputs[0], GridDisplay(columns))
