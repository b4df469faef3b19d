import keras
import numpy as np

from kerasfe.op.tensorop import NTXent


def nt_xent_oracle(z1, z2, temperature):
    """SimCLR's loss written out loop by loop in float64."""
    z = np.concatenate([z1, z2]).astype("float64")
    z /= np.linalg.norm(z, axis=1, keepdims=True)
    count = len(z1)
    losses = []
    for i in range(2 * count):
        positive = (i + count) % (2 * count)
        others = [j for j in range(2 * count) if j != i]
        logits = np.array([z[i] @ z[j] for j in others]) / temperature
        losses.append(np.log(np.exp(logits).sum()) - z[i] @ z[positive] / temperature)
    losses = np.array(losses)
    return 0.5 * (losses[:count] + losses[count:])


def test_matches_a_loop_oracle():
    rng = np.random.default_rng(0)
    z1, z2 = rng.normal(size=(2, 5, 4)).astype("float32")
    op = NTXent(inputs=("z1", "z2"), outputs="loss", temperature=0.5, average_loss=False)
    got = keras.ops.convert_to_numpy(op.forward([keras.ops.convert_to_tensor(z1), keras.ops.convert_to_tensor(z2)],
                                                {"mode": "train"}))
    np.testing.assert_allclose(got, nt_xent_oracle(z1, z2, 0.5), rtol=1e-4)
