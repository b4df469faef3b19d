import keras
import matplotlib.image
import numpy as np

import kerasfe as fe
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
from kerasfe.trace.io import ImageSaver
from kerasfe.trace.xai import GradCAM, Saliency
from kerasfe.util.display import TITLE_HEIGHT, to_rgb
from kerasfe.xai import SaliencyNet, cam_ops


def test_saliency_and_gradcam_in_a_run_are_saved_by_image_saver(tmp_path):
    rng = np.random.default_rng(0)
    images = rng.random((16, 8, 8, 1)).astype("float32")
    data = {"x": images, "y": (images[:, :4].mean((1, 2, 3)) > 0.5).astype("int64")}
    model = fe.build(lambda: keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(2, 3, name="conv"),
                                               keras.layers.Flatten(), keras.layers.Dense(2, activation="softmax")]),
                     "adam")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce")]
                         + cam_ops(model, "conv", "x", "acts", "grads", mode="eval"))
    traces = [Saliency(model, model_inputs="x", model_outputs="y_pred", class_key="y", samples=3, smoothing=0,
                       integrating=0, mode="eval"),
              GradCAM(images="x", grads="grads", activations="acts", n_samples=3),
              ImageSaver(inputs=["saliency", "gradcam"], save_dir=str(tmp_path), mode="eval")]
    pipeline = fe.Pipeline(train_data=data, eval_data=data, batch_size=8)
    fe.Estimator(pipeline, network, epochs=1, traces=traces, log_steps=None).fit()

    saliency = matplotlib.image.imread(str(tmp_path / "saliency_eval_epoch_1.png"))[..., :3]
    # columns: y, y_pred, x, "x saliency", saliency (SmoothGrad and integrated gradients off)
    cell = 1500 // 5 if 280 * 5 > 1500 else 280
    assert saliency.shape == (TITLE_HEIGHT + 3 * cell, 5 * cell, 3)
    masks = SaliencyNet(model, "x", "y_pred").get_masks({"x": images[:3]})["saliency"]
    step = cell / 8
    for index in range(3):
        top, left = TITLE_HEIGHT + index * cell, 4 * cell
        drawn = np.array([[saliency[int(top + (r + 0.5) * step), int(left + (c + 0.5) * step)] for c in range(8)]
                          for r in range(8)])
        np.testing.assert_allclose(drawn, to_rgb(masks[index], "inferno"), atol=2 / 255)
    gradcam = matplotlib.image.imread(str(tmp_path / "gradcam_eval_epoch_1.png"))
    assert gradcam.shape[:2] == (TITLE_HEIGHT + 3 * 280, 2 * 280)
