"""Perplexity: exp of a language model's mean cross-entropy."""
import numpy as np

from kerasfe.trace.trace import Trace


class Perplexity(Trace):
    """exp of the epoch's mean cross-entropy (`inputs`, a loss key as the Estimator logs it per epoch): about how
    many tokens the model hesitates between at each position. Smaller is better.

    Args:
        inputs: the cross-entropy key (in nats).
        outputs: the key written.
        mode: where it runs ("eval" and "test" by default).

    Example:
        >>> from kerasfe.trace.trace import Data
        >>> data = Data({"ce": 2.0}); Perplexity(inputs="ce").on_epoch_end(data); round(data.logs["perplexity"], 3)
        7.389
    """

    def __init__(self, inputs, outputs="perplexity", mode=("eval", "test")):
        super().__init__(inputs=inputs, outputs=outputs, mode=list(mode))

    def monitor_direction(self, key):
        return "min" if key in self.outputs else None

    def on_epoch_end(self, data):
        data.write_with_log(self.outputs[0], float(np.exp(data[self.inputs[0]])))
