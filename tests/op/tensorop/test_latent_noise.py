import numpy as np

import kerasfe as fe
from kerasfe.op.tensorop import LatentNoise


def test_standard_normal_vectors_one_per_sample_new_every_step():
    network = fe.Network(ops=[LatentNoise(inputs="x", outputs="z", latent_dim=64, seed=0)])
    batch = {"x": np.zeros((256, 2), "float32")}
    first = network.predict(batch, batch_size=256, verbose=0)["z"]
    second = network.predict(batch, batch_size=256, verbose=0)["z"]
    assert first.shape == (256, 64) and not np.allclose(first, second)
    assert abs(first.mean()) < 0.02 and abs(first.std() - 1) < 0.02
