"""SaliencyNet: saliency masks of a model's decisions (vanilla gradients, SmoothGrad, integrated gradients)."""
import keras
import numpy as np

from kerasfe.errors import ConfigError
from kerasfe.op.op import to_list
from kerasfe.op.tensorop import GradientOp, LambdaOp, ModelOp, Watch

MODE = "infer"


def _arrays(value):
    """One array per model input / output: a list or tuple as it is, anything else as a list of one."""
    return list(value) if isinstance(value, (list, tuple)) else [value]


@keras.saving.register_keras_serializable(package="kerasfe")
def pick_scores(*values):
    """`predictions..., targets...` -> the sum over the model outputs of each sample's score of its target class
    (a target < 0, or no targets with one prediction, picks the sample's most likely class).

    Example:
        >>> scores = keras.ops.convert_to_tensor([[0.1, 0.9], [0.7, 0.3]])
        >>> picked = pick_scores(scores, keras.ops.convert_to_tensor([-1, 1]))
        >>> [round(v, 2) for v in keras.ops.convert_to_numpy(picked).tolist()]
        [0.9, 0.3]
    """
    half = len(values) // 2
    total = 0.0
    for prediction, target in zip(values[:half], values[half:]) if half else [(values[0], None)]:
        prediction = keras.ops.reshape(prediction, (keras.ops.shape(prediction)[0], -1))
        index = keras.ops.cast(keras.ops.argmax(keras.ops.stop_gradient(prediction), axis=1), "int32")
        if target is not None:
            target = keras.ops.cast(keras.ops.reshape(target, (-1,)), "int32")
            index = keras.ops.where(target < 0, index, target)
        total = total + keras.ops.take_along_axis(prediction, keras.ops.expand_dims(index, 1), axis=1)[:, 0]
    return total


class SaliencyNet:
    """Saliency masks of a model: the gradient of each sample's class score w.r.t. the model inputs.

    It runs a small `fe.Network` in "infer" mode (`Watch`, `ModelOp(trainable=False)`, the score of each sample's
    target class, `GradientOp`), so gradients are taken the same way on every backend. The class is the model's
    most likely one, or the one given per sample. Masks come back as numpy arrays; the `get_*_masks` methods give
    FastEstimator's greyscale visualization (channels summed in absolute value, clipped at the 99th percentile,
    scaled to [0, 1]), the `get_raw_*` methods the attributions themselves.

    Args:
        model: the model to inspect (channels-last inputs).
        model_inputs: the batch key(s) of the model's input(s).
        model_outputs: the key(s) the model's output(s) are written to (class scores, (batch, classes)).
        outputs: the key(s) of the saliency masks, one per model input.

    Example:
        >>> import numpy as np
        >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, use_bias=False)])
        >>> model.set_weights([np.array([[1.0, -1.0], [2.0, 0.0], [3.0, 5.0]], "float32")])
        >>> net = SaliencyNet(model, model_inputs="x", model_outputs="y_pred")
        >>> raw = net.get_raw_masks({"x": np.array([[0.0, 0.0, 1.0]], "float32")})
        >>> raw["y_pred"].tolist(), raw["saliency"].tolist()  # class 1 wins: d score_1 / dx = column 1
        ([1], [[-1.0, 0.0, 5.0]])
    """

    def __init__(self, model, model_inputs, model_outputs, outputs="saliency"):
        self.model_inputs, self.model_outputs, self.outputs = to_list(model_inputs), to_list(model_outputs), \
            to_list(outputs)
        if len(self.outputs) != len(self.model_inputs):
            raise ConfigError(f"SaliencyNet: one output key per model input; got model_inputs={self.model_inputs}, "
                              f"outputs={self.outputs}")
        self.target_keys = [f"SaliencyNet_Target_Index_{key}" for key in self.model_outputs]
        score_key = "SaliencyNet_Score"
        self.model_op = ModelOp(model=model, inputs=model_inputs, outputs=model_outputs, mode=MODE, trainable=False)
        from kerasfe.network import Network
        self.network = Network(ops=[
            Watch(inputs=self.model_inputs, mode=MODE), self.model_op,
            LambdaOp(fn=pick_scores, inputs=self.model_outputs + self.target_keys, outputs=score_key, mode=MODE),
            GradientOp(finals=score_key, inputs=self.model_inputs, outputs=self.outputs, mode=MODE)],
            name="saliency_net")
        self.network.compile(run_eagerly=True)  # a few calls of changing sizes: tracing each would cost more

    # Raw attributions -------------------------------------------------------------------------------
    def _inputs(self, batch):
        missing = [key for key in self.model_inputs if key not in batch]
        if missing:
            raise ConfigError(f"SaliencyNet: the batch has no {missing} (model_inputs); it has {sorted(batch)}")
        return [np.asarray(keras.ops.convert_to_numpy(batch[key]), dtype="float32") for key in self.model_inputs]

    def _run(self, inputs, targets):
        """Gradients (one array per model input) and predictions for stacked inputs and per-row targets."""
        rows = len(inputs[0])
        data = dict(zip(self.model_inputs, inputs))
        data.update({key: np.asarray(target, "int32").reshape(rows) for key, target in zip(self.target_keys, targets)})
        result = self.network.predict(data, batch_size=min(rows, 512), verbose=0)
        return [np.asarray(result[key]) for key in self.outputs], [np.asarray(result[key]) for key in
                                                                   self.model_outputs]

    def _targets(self, batch, rows, targets):
        if targets is not None:
            return [np.asarray(keras.ops.convert_to_numpy(t)).reshape(rows) for t in _arrays(targets)]
        return [np.asarray(keras.ops.convert_to_numpy(batch[key])).reshape(rows) if key in batch
                else np.full(rows, -1) for key in self.target_keys]

    def _stacked(self, blocks, targets):
        """Gradients at many versions of the inputs in one pass: `blocks[i]` lists (rows, ...) arrays of model
        input i. Returns, per output key, (len(blocks[0]), rows, ...) gradients, and the first block's predictions."""
        count, rows = len(blocks[0]), len(blocks[0][0])
        grads, predictions = self._run([np.concatenate(block).astype("float32") for block in blocks],
                                       [np.tile(target, count) for target in targets])
        return [g.reshape((count, rows) + g.shape[1:]) for g in grads], [p[:rows] for p in predictions]

    def get_raw_masks(self, batch, targets=None):
        """The gradients of each sample's class score w.r.t. the model inputs (`outputs` keys) and the classes
        (`model_outputs` keys: argmax of the prediction).

        Args:
            batch: a dict with the `model_inputs` keys.
            targets: the class of each sample, one array per model output (None: the most likely class).
        """
        inputs = self._inputs(batch)
        grads, predictions = self._stacked([[x] for x in inputs], self._targets(batch, len(inputs[0]), targets))
        response = {key: grad[0] for key, grad in zip(self.outputs, grads)}
        response.update({key: np.argmax(p.reshape(len(p), -1), axis=1) for key, p in zip(self.model_outputs,
                                                                                          predictions)})
        return response

    def _classes(self, batch, targets):
        """The targets, or the classes the model gives the batch (with a pass to find them)."""
        if targets is not None:
            return [np.asarray(t).reshape(-1) for t in _arrays(targets)]
        response = self.get_raw_masks(batch)
        return [response[key] for key in self.model_outputs]

    @staticmethod
    def _baselines(inputs, repeats, baseline=None):
        """`repeats` baselines per input: uniform noise in the input's range (as FastEstimator), or `baseline`."""
        if baseline is not None:
            return [[np.broadcast_to(np.asarray(b, "float32"), x.shape)] * repeats
                    for b, x in zip(_arrays(baseline), inputs)]
        rng = np.random.default_rng()
        return [[rng.uniform(x.min(), x.max(), x.shape).astype("float32") for _ in range(repeats)] for x in inputs]

    @staticmethod
    def _paths(inputs, baselines, nsamples):
        alphas = np.linspace(0.0, 1.0, nsamples, dtype="float32")
        return [[b + alpha * (x - b) for b in per_input for alpha in alphas] for x, per_input in zip(inputs, baselines)]

    @staticmethod
    def _integrate(grads, inputs, baselines, nsamples):
        """(repeats, rows, ...) integrated gradients from the path gradients `_paths` laid out."""
        return [g.reshape((len(b), nsamples) + g.shape[1:]).mean(axis=1) * (x[None] - np.stack(b))
                for g, x, b in zip(grads, inputs, baselines)]

    def get_raw_integrated_masks(self, batch, nsamples=25, baseline=None, targets=None):
        """Integrated gradients (https://arxiv.org/abs/1703.01365): `(x - baseline) * mean over alpha in
        linspace(0, 1, nsamples) of the gradient at baseline + alpha (x - baseline)`.

        Args:
            batch: a dict with the `model_inputs` keys.
            nsamples: the number of points of the path.
            baseline: one array per model input (None: uniform noise in each input's range, as FastEstimator).
            targets: the class of each sample (None: the class the model gives `x`).
        """
        inputs = self._inputs(batch)
        targets = self._classes(batch, targets)
        baselines = self._baselines(inputs, 1, baseline)
        grads, _ = self._stacked(self._paths(inputs, baselines, nsamples), targets)
        return {key: value[0] for key, value in zip(self.outputs, self._integrate(grads, inputs, baselines,
                                                                                  nsamples))}

    # FastEstimator's masks --------------------------------------------------------------------------
    @staticmethod
    def convert_for_visualization(tensor, tile=99):
        """A (batch, ..., 1) greyscale mask in [0, 1]: |mask| summed over the channels (last axis), its minimum
        at 0 and its `tile`-th percentile (and above) at 1, per sample.

        Example:
            >>> SaliencyNet.convert_for_visualization(np.array([[[-1.0], [3.0], [2.0]]]), tile=100)[0, :, 0].tolist()
            [0.0, 1.0, 0.5]
        """
        flat = np.sum(np.abs(np.asarray(tensor, dtype="float64")), axis=-1, keepdims=True)
        axes = tuple(range(1, flat.ndim))
        vmax = np.percentile(flat, tile, axis=axes, keepdims=True)
        vmin = np.min(flat, axis=axes, keepdims=True)
        spread = np.where(vmax > vmin, vmax - vmin, 1.0)
        return np.clip((flat - vmin) / spread, 0.0, 1.0).astype("float32")

    def get_masks(self, batch):
        """The classes (`model_outputs` keys) and greyscale vanilla-gradient masks (`outputs` keys) of a batch."""
        response = self.get_raw_masks(batch)
        response.update({key: self.convert_for_visualization(response[key]) for key in self.outputs})
        return response

    def get_smoothed_masks(self, batch, stdev_spread=.15, nsamples=25, nintegration=None, magnitude=True,
                           targets=None):
        """SmoothGrad (https://arxiv.org/abs/1706.03825): the mean of the (squared, with `magnitude`) gradients at
        the input and at `nsamples - 1` copies with Gaussian noise of stddev `stdev_spread * (max - min)`; with
        `nintegration`, each noisy gradient is an integrated gradient of that many steps (from its own noise
        baseline) instead. All of them are computed in one pass of the network.

        Args:
            batch, stdev_spread, nsamples, nintegration, magnitude: as FastEstimator's.
            targets: the class of each sample (None: the class the model gives the clean input, found first).

        Returns:
            The classes (`model_outputs` keys) and the greyscale smoothed masks (`outputs` keys).
        """
        if not isinstance(nsamples, int) or nsamples < 1:
            raise ConfigError(f"SaliencyNet.get_smoothed_masks: nsamples must be an int >= 1 (the input itself and "
                              f"nsamples - 1 noisy copies); got {nsamples!r}")
        inputs = self._inputs(batch)
        targets = self._classes(batch, targets)
        rng = np.random.default_rng()
        nintegration = nintegration if nsamples > 1 else None  # one sample: the input's own gradient, no path
        if nintegration:
            baselines = self._baselines(inputs, nsamples - 1)
            blocks = [[x] + path for x, path in zip(inputs, self._paths(inputs, baselines, nintegration))]
        else:
            blocks = [[x] + [x + rng.normal(0.0, stdev_spread * (x.max() - x.min()), x.shape)
                             for _ in range(nsamples - 1)] for x in inputs]
        grads, _ = self._stacked(blocks, targets)
        if nintegration:
            grads = [np.concatenate([g[:1], integrated]) for g, integrated in
                     zip(grads, self._integrate([g[1:] for g in grads], inputs, baselines, nintegration))]
        response = {key: self.convert_for_visualization((g ** 2 if magnitude else g).mean(axis=0))
                    for key, g in zip(self.outputs, grads)}
        response.update(zip(self.model_outputs, targets))
        return response

    def get_integrated_masks(self, batch, nsamples=25, targets=None):
        """The classes (`model_outputs` keys) and greyscale integrated-gradient masks (`outputs` keys), from a
        uniform-noise baseline, for `targets` (None: the class the model gives each clean sample)."""
        targets = self._classes(batch, targets)
        integrated = self.get_raw_integrated_masks(batch, nsamples=nsamples, targets=targets)
        response = {key: self.convert_for_visualization(value) for key, value in integrated.items()}
        response.update(zip(self.model_outputs, targets))
        return response
