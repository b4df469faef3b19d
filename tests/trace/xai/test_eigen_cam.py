import numpy as np

from kerasfe.trace import Data, System
from kerasfe.trace.xai import EigenCAM
from kerasfe.trace.xai.eigen_cam import eigen_components


def test_the_first_component_of_rank_one_activations_is_the_centred_pattern():
    rng = np.random.default_rng(0)
    pattern, direction = rng.random((5, 4)), rng.normal(size=6)
    activation = pattern[..., None] * direction
    maps = eigen_components(activation, n_components=2)
    sign = np.sign(direction.mean())  # the component correlates positively with the channels' mean
    np.testing.assert_allclose(maps[0], np.maximum(sign * np.linalg.norm(direction) * (pattern - pattern.mean()), 0),
                               atol=1e-9)
    np.testing.assert_allclose(maps[1], 0.0, atol=1e-9)  # nothing left after the first component
    assert len(eigen_components(activation, n_components=0.99)) == 1
    noisy = activation + 0.3 * rng.normal(size=activation.shape)
    assert len(eigen_components(noisy, n_components=0.999)) > 1
    assert eigen_components(np.repeat(np.repeat(activation, 4, 0), 4, 1), 1, downsize=8)[0].shape == (8, 6)


def test_trace_draws_one_column_per_component():
    rng = np.random.default_rng(1)
    trace = EigenCAM(images="x", activations="acts", n_components=2, n_samples=None, preds="pred")
    trace.system = System(network=None)
    trace.system.mode = "test"
    trace.on_epoch_begin(Data())
    trace.on_batch_end(Data({"x": rng.random((2, 8, 8, 3)), "acts": rng.random((2, 4, 4, 5)),
                             "pred": np.array([[0.1, 0.9], [0.8, 0.2]])}))
    data = Data()
    trace.on_epoch_end(data)
    columns = data["eigencam"].columns
    assert [c.title for c in columns] == ["pred", "x", "Component 0", "Component 1"]
    assert [cell.text for cell in columns[0].batch] == ["1", "0"]
