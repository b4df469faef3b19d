"""NTXent: SimCLR's normalised temperature-scaled cross-entropy between two views of one batch."""
import keras

from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.loss.loss_op import LossOp


@serializable
class NTXent(LossOp):
    """The NT-Xent (InfoNCE) loss of SimCLR: for the 2N embeddings of two views (z1, z2) of N samples,
    each L2-normalised, every embedding's positive is the other view of its sample and its negatives are
    the other 2N - 2 embeddings; the loss of an embedding is the cross-entropy of its cosine similarities
    / `temperature` (itself left out) with the positive as the class. One value per sample (the mean of
    its two views' losses), averaged over the batch unless `average_loss=False`.

    Args:
        inputs: (first view's embedding key, second view's embedding key), each (N, D).
        outputs: the loss key.
        temperature: the softmax temperature.
        mode: every mode but "infer" by default.
        average_loss: write the batch mean; False keeps one value per sample.

    Example:
        >>> import keras
        >>> op = NTXent(inputs=("z1", "z2"), outputs="nt_xent", temperature=0.1)
        >>> views = keras.ops.eye(4)[:2]
        >>> round(float(op.forward([views, views], {"mode": "train"})), 4)
        0.0001
    """

    elementwise = True  # both views have one shape

    def __init__(self, inputs, outputs, temperature=0.1, mode="!infer", ds_id=None, average_loss=True):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id, average_loss=average_loss)
        self.temperature = temperature

    def per_sample_loss(self, z1, z2):
        z2 = keras.ops.cast(z2, "float32")
        count = keras.ops.shape(z1)[0]
        embeddings = keras.ops.concatenate([z1, z2], axis=0)
        embeddings = embeddings / keras.ops.maximum(keras.ops.norm(embeddings, axis=1, keepdims=True), 1e-12)
        logits = keras.ops.matmul(embeddings, keras.ops.transpose(embeddings)) / self.temperature
        logits = logits - 1e9 * keras.ops.eye(2 * count, dtype=logits.dtype)  # an embedding is not its own class
        positives = keras.ops.concatenate([keras.ops.arange(count) + count, keras.ops.arange(count)], axis=0)
        losses = keras.losses.sparse_categorical_crossentropy(positives, logits, from_logits=True)
        return 0.5 * (losses[:count] + losses[count:])
