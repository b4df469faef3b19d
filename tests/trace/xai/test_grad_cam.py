import keras
import matplotlib
import numpy as np

import kerasfe as fe
from kerasfe.trace import Data, System
from kerasfe.trace.xai import GradCAM
from kerasfe.trace.xai.cam import heatmap_overlay
from kerasfe.trace.xai.grad_cam import grad_cam
from kerasfe.util import GridDisplay
from kerasfe.xai import cam_ops

RNG = np.random.default_rng(0)


def _conv_model():
    return keras.Sequential([keras.Input((6, 6, 1)), keras.layers.Conv2D(4, 3, activation="relu", name="conv"),
                             keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(3, name="dense")])


def test_cam_ops_gradients_and_grad_cam_match_the_definition():
    model = _conv_model()
    images = RNG.random((4, 6, 6, 1)).astype("float32")
    network = fe.Network(ops=cam_ops(model, "conv", "x", "acts", "grads", outputs="pred", mode="infer"))
    out = network.predict({"x": images}, verbose=0)
    dense = keras.ops.convert_to_numpy(model.get_layer("dense").kernel)
    features = keras.Model(model.inputs, model.get_layer("conv").output)
    activations = keras.ops.convert_to_numpy(features(images))
    np.testing.assert_allclose(out["acts"], activations, rtol=1e-5, atol=1e-6)
    classes = out["pred"].argmax(-1)
    # score_c = sum_k W[k, c] * mean_ij A_ijk + b_c, so d score / d A_ijk = W[k, c] / (h * w)
    expected_grads = np.broadcast_to(dense[:, classes].T[:, None, None, :] / 16, activations.shape)
    np.testing.assert_allclose(out["grads"], expected_grads, rtol=1e-5, atol=1e-7)
    cam = np.maximum(np.einsum("nk,nijk->nij", dense[:, classes].T / 16, activations), 0)
    np.testing.assert_allclose(grad_cam(out["grads"], out["acts"]), cam, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(grad_cam(out["grads"]), np.maximum(expected_grads.mean(-1), 0), rtol=1e-5)


def test_heatmap_overlay_is_the_jet_colored_map_added_to_the_image():
    images = np.full((1, 2, 2, 3), 0.5, "float32")
    maps = np.array([[[1.0, 3.0], [5.0, 9.0]]])
    scaled = (maps[0] - 1) / 8
    expected = 0.5 + matplotlib.colormaps["jet"](np.uint8(255 * scaled))[..., :3]
    np.testing.assert_allclose(heatmap_overlay(images, maps)[0], expected / expected.max(), rtol=1e-5)


def test_trace_collects_n_samples_and_writes_a_grid_display():
    trace = GradCAM(images="x", grads="grads", activations="acts", labels="y", n_samples=3,
                    label_mapping={"cat": 0, "dog": 1, "eel": 2})
    trace.system = System(network=None)
    trace.system.mode = "eval"
    images, grads, acts = RNG.random((4, 6, 6, 1)), RNG.normal(size=(4, 4, 4, 2)), RNG.random((4, 4, 4, 2))
    labels = np.array([0, 2, 1, 1])
    trace.on_epoch_begin(Data())
    for rows in (slice(0, 2), slice(2, 4), slice(0, 2)):
        trace.on_batch_end(Data({"x": images[rows], "grads": grads[rows], "acts": acts[rows], "y": labels[rows]}))
    data = Data()
    trace.on_epoch_end(data)
    grid = data["gradcam"]
    assert isinstance(grid, GridDisplay) and grid.batch_size == 3
    assert [column.title for column in grid.columns] == ["y", "x", "grads"]
    assert [cell.text for cell in grid.columns[0].batch] == ["cat", "eel", "dog"]
    expected = heatmap_overlay(images[:3], grad_cam(grads[:3], acts[:3]))
    np.testing.assert_allclose(np.stack([cell.image for cell in grid.columns[2].batch]), expected, rtol=1e-6)
