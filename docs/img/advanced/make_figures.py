"""Makes the pictures of the advanced tutorials (docs/tutorials/advanced/) into this folder, with matplotlib and
kerasfe's own functions, on the bundled scikit-learn digits. Run from the repository root:

    KERAS_BACKEND=tensorflow python docs/img/advanced/make_figures.py            # every figure
    KERAS_BACKEND=tensorflow python docs/img/advanced/make_figures.py gan xai    # some of them

Each figure is a function below; the numbers of benchmarks.png are read from benchmarks/RESULTS.md.
"""
import os
import pathlib
import re
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import keras  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import kerasfe as fe  # noqa: E402
from kerasfe.dataset.data import digits  # noqa: E402
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp  # noqa: E402


def save(figure, name):
    figure.savefig(HERE / name, dpi=90, bbox_inches="tight")
    plt.close(figure)
    print("wrote", HERE / name)


def classifier(model, extra=()):
    return fe.Network(ops=[ModelOp(model, "x", "y_pred"), CrossEntropy(("y_pred", "y"), "ce"), UpdateOp(model, "ce"),
                           *extra])


def gan():
    """GAN samples of a dense generator after 1, 10, 30 and 60 epochs (multi_model.md)."""
    from kerasfe.architecture import dcgan_ops
    from kerasfe.op.tensorop import LatentNoise
    from kerasfe.trace import Trace

    fe.enable_deterministic(0)
    train, _, _ = digits.load_data(image_size=8)
    real = {"x": train["x"].reshape(-1, 64) * 2.0 - 1.0}
    generator = fe.build(lambda: keras.Sequential([keras.Input((16,)), keras.layers.Dense(64, activation="relu"),
                                                   keras.layers.Dense(64, activation="tanh")]),
                         lambda: keras.optimizers.Adam(2e-3, beta_1=0.5))
    discriminator = fe.build(lambda: keras.Sequential([keras.Input((64,)), keras.layers.Dense(64),
                                                       keras.layers.LeakyReLU(0.2), keras.layers.Dense(1)]),
                             lambda: keras.optimizers.Adam(2e-3, beta_1=0.5))
    network = fe.Network(ops=[LatentNoise(inputs="x", outputs="z", latent_dim=16, mode="train"),
                              *dcgan_ops(generator, discriminator, real="x", latent="z")])
    latent = np.random.default_rng(0).normal(size=(8, 16)).astype("float32")
    shots, epochs = {}, (1, 10, 30, 60)

    class Snapshot(Trace):
        def on_epoch_end(self, data):
            if self.system.epoch_idx in epochs:
                self.system.sync_weights()
                shots[self.system.epoch_idx] = generator.predict(latent, verbose=0).reshape(8, 8, 8)

    fe.Estimator(fe.Pipeline(train_data=real, batch_size=64), network, epochs=max(epochs),
                 traces=[Snapshot(mode="train")], log_steps=None).fit()
    figure, axes = plt.subplots(len(epochs), 8, figsize=(8, len(epochs) * 1.1))
    for row, epoch in enumerate(epochs):
        for column in range(8):
            axes[row, column].imshow(shots[epoch][column], cmap="gray", vmin=-1, vmax=1)
            axes[row, column].axis("off")
        axes[row, 0].set_title(f"epoch {epoch}", fontsize=8, loc="left")
    save(figure, "gan_samples.png")


def small_cnn(size=16):
    inputs = keras.Input((size, size, 1))
    features = keras.layers.Conv2D(16, 3, padding="same", activation="relu", name="conv")(inputs)
    pooled = keras.layers.Flatten()(keras.layers.MaxPooling2D()(features))
    return keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(pooled), name="cnn")


def trained_cnn(size=16, epochs=3):
    train, evaluation, _ = digits.load_data(image_size=size)
    model = fe.build(lambda: small_cnn(size), lambda: keras.optimizers.Adam(3e-3))
    fe.Estimator(fe.Pipeline(train_data=train, batch_size=32), classifier(model), epochs=epochs,
                 log_steps=None).fit()
    return model, evaluation


def fgsm():
    """Clean digits and their FGSM copies (gradients.md)."""
    from kerasfe.op.tensorop import FGSM, Watch

    model, evaluation = trained_cnn(24, epochs=2)
    attack = fe.Network(ops=[Watch(inputs="x"), ModelOp(model, "x", "y_pred"),
                             CrossEntropy(("y_pred", "y"), "ce", mode=None),
                             FGSM(data="x", loss="ce", outputs="x_adv", epsilon=0.1, clip_low=0.0, clip_high=1.0),
                             ModelOp(model, "x_adv", "y_pred_adv")])
    batch = {"x": evaluation["x"][:8], "y": evaluation["y"][:8]}
    out = attack.predict(batch, verbose=0)
    figure, axes = plt.subplots(2, 8, figsize=(8, 2.4))
    for column in range(8):
        for row, (key, pred) in enumerate((("x", "y_pred"), ("x_adv", "y_pred_adv"))):
            image = batch["x"][column] if key == "x" else out["x_adv"][column]
            axes[row, column].imshow(image[..., 0], cmap="gray", vmin=0, vmax=1)
            axes[row, column].set_title(f"pred {int(np.argmax(out[pred][column]))}", fontsize=8)
            axes[row, column].axis("off")
    save(figure, "fgsm.png")


def lr_schedule():
    """Cosine decay with restarts and the loss (progressive.md)."""
    from kerasfe.schedule import cosine_decay
    from kerasfe.trace.adapt import LRScheduler

    train, _, _ = digits.load_data(image_size=16)
    model = fe.build(lambda: small_cnn(16), lambda: keras.optimizers.Adam(1e-3))
    schedule = LRScheduler(model, lambda step: cosine_decay(step, cycle_length=40, init_lr=3e-3))
    summary = fe.Estimator(fe.Pipeline(train_data=train, batch_size=32), classifier(model), epochs=4,
                           traces=[schedule], log_steps=2).fit()
    figure, (top, bottom) = plt.subplots(2, 1, figsize=(6, 4), sharex=True)
    for axis, key in ((top, f"{model.name}_lr"), (bottom, "ce")):
        steps, values = zip(*sorted(summary.history["train"][key].items()))
        axis.plot(steps, [float(value) for value in values])
        axis.set_ylabel("learning rate" if axis is top else "train ce")
    bottom.set_xlabel("step")
    save(figure, "lr_schedule.png")


def xai():
    """Saliency masks and Grad-CAM maps (xai.md)."""
    from kerasfe.trace.xai.grad_cam import grad_cam
    from kerasfe.xai import SaliencyNet, cam_ops

    model, evaluation = trained_cnn(16, epochs=3)
    images = {"x": evaluation["x"][:6]}
    net = SaliencyNet(model, model_inputs="x", model_outputs="y_pred")
    rows = [("digit", images["x"]), ("vanilla", net.get_masks(images)["saliency"]),
            ("SmoothGrad", net.get_smoothed_masks(images, nsamples=25)["saliency"]),
            ("integrated", net.get_integrated_masks(images, nsamples=25)["saliency"])]
    figure, axes = plt.subplots(len(rows), 6, figsize=(6, len(rows) * 1.1))
    for row, (title, values) in enumerate(rows):
        for column in range(6):
            axes[row, column].imshow(values[column][..., 0], cmap="gray" if row == 0 else "inferno")
            axes[row, column].axis("off")
        axes[row, 0].set_title(title, fontsize=8, loc="left")
    save(figure, "saliency.png")
    explain = fe.Network(ops=cam_ops(model, layer="conv", inputs="x", activations="acts", grads="grads",
                                     outputs="y_pred", mode="infer"))
    out = explain.predict(images, verbose=0)
    maps = grad_cam(out["grads"], out["acts"])
    figure, axes = plt.subplots(1, 6, figsize=(6, 1.4))
    for column in range(6):
        axes[column].imshow(images["x"][column][..., 0], cmap="gray")
        axes[column].imshow(maps[column], cmap="jet", alpha=0.45)
        axes[column].set_title(f"pred {int(np.argmax(out['y_pred'][column]))}", fontsize=8)
        axes[column].axis("off")
    save(figure, "gradcam.png")


def traceability():
    """The op diagram of a Traceability report (traceability.md), drawn by the report's own function."""
    from kerasfe.trace.io.traceability import draw_op_graph, op_graph
    from kerasfe.trace.metric import Accuracy

    train, evaluation, _ = digits.load_data(image_size=8)
    flat = {"x": train["x"].reshape(-1, 64), "y": train["y"]}
    model = fe.build(lambda: keras.Sequential([keras.Input((64,)), keras.layers.Dense(10, activation="softmax")]),
                     "adam")
    estimator = fe.Estimator(fe.Pipeline(train_data=flat, eval_data=flat, batch_size=64), classifier(model),
                             epochs=1, traces=[Accuracy("y", "y_pred")], log_steps=None)
    estimator.fit("graph")
    figure = draw_op_graph(op_graph(estimator.system, "eval"), "eval")
    save(figure, "traceability_graph.png")


def search():
    """A 4 x 4 grid search heatmap and an LR range test (search.md)."""
    from kerasfe.search import GridSearch, lr_range_test
    from kerasfe.search.visualize import visualize_search
    from kerasfe.trace.metric import Accuracy

    train, evaluation, _ = digits.load_data(image_size=8)
    flat = lambda part: {"x": part["x"].reshape(-1, 64)[:512], "y": part["y"][:512]}  # noqa: E731

    def dense(width):
        return keras.Sequential([keras.Input((64,)), keras.layers.Dense(width, activation="relu"),
                                 keras.layers.Dense(10, activation="softmax")])

    def score(search_idx, lr, width):
        model = fe.build(lambda: dense(width), lambda: keras.optimizers.Adam(lr))
        pipeline = fe.Pipeline(train_data=flat(train), eval_data=flat(evaluation), batch_size=64, seed=0)
        summary = fe.Estimator(pipeline, classifier(model), epochs=2, traces=[Accuracy("y", "y_pred")],
                               log_steps=None).fit()
        return {"accuracy": round(float(summary.epoch_values("eval", "accuracy")[-1]), 3)}

    grid = GridSearch(score, params={"lr": [3e-4, 1e-3, 3e-3, 1e-2], "width": [4, 8, 16, 32]}, best_mode="max")
    grid.fit()
    visualize_search(grid, save_path=str(HERE / "grid_heatmap.png"), verbose=True)
    model = fe.build(lambda: dense(32), "adam")
    result = lr_range_test(classifier(model), model, fe.Pipeline(train_data=flat(train), batch_size=32)
                           .get_loader("train"), min_lr=1e-5, max_lr=1.0, num_steps=40, loss_name="ce")
    result.plot(str(HERE / "lr_range.png"))
    print("wrote", HERE / "lr_range.png")


def benchmarks():
    """Estimator, plain fit and hand-written loop per backend, from benchmarks/RESULTS.md (performance.md)."""
    text = (ROOT / "benchmarks" / "RESULTS.md").read_text()
    sections = {"tensorflow": text.split("## tensorflow")[1].split("## jax")[0],
                "jax": text.split("### jax")[1].split("### torch")[0],
                "torch": text.split("### torch")[1].split("## Reading")[0]}
    runners = ("estimator_fit", "keras_fit", "handwritten")
    cases = ("LeNet, batch 32", "LeNet, batch 256", "DCGAN step, batch 64")
    figure, axes = plt.subplots(1, 3, figsize=(10, 3), sharey=True)
    for axis, (backend, section) in zip(axes, sections.items()):
        ratios = {}
        for line in section.splitlines():
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            if len(cells) >= 5 and cells[0] in cases and cells[1] in runners:
                ratios[(cells[0], cells[1])] = float(cells[4])
        positions = np.arange(len(cases))
        for offset, runner in enumerate(runners):
            axis.bar(positions + (offset - 1) * 0.27, [ratios[(case, runner)] for case in cases], 0.27, label=runner)
        axis.axhline(1.0, color="grey", linewidth=0.8)
        axis.set_xticks(positions, [re.sub(", batch ", "\nb", case) for case in cases], fontsize=8)
        axis.set_title(backend)
    axes[0].set_ylabel("steps/s against plain model.fit")
    axes[0].legend(fontsize=8)
    save(figure, "benchmarks.png")


FIGURES = {"gan": gan, "fgsm": fgsm, "lr_schedule": lr_schedule, "xai": xai, "traceability": traceability,
           "search": search, "benchmarks": benchmarks}

if __name__ == "__main__":
    for name in sys.argv[1:] or FIGURES:
        FIGURES[name]()
