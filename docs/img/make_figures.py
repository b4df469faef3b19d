"""Draws the figures of the beginner tutorials (docs/tutorials/beginner/) and of the home page into docs/img/beginner/,
with kerasfe itself: its data loaders, ops, Pipeline, Estimator, Summary plots, LR schedules and `kerasfe.util`
displays. Run from the repository root after changing a tutorial the figures show:

    KERAS_BACKEND=jax python docs/img/make_figures.py

It takes about a minute on two CPU cores (the longest part trains the Estimator page's network for ten epochs).
"""
import os
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent / "beginner"
SCALE = 0.5  # the displays draw 400-pixel cells; this keeps the PNGs small


def digits_samples(train):
    """02_datasets.md: the first eight training digits with their labels."""
    from kerasfe.util import GridDisplay, ImageDisplay
    GridDisplay([ImageDisplay(image=train["x"][i], title=f"y = {train['y'][i]}") for i in range(8)]).show(
        save_path=str(OUT / "digits_samples.png"), scale=SCALE)


def augmentation_ops():
    """The train ops of 03_operators.md (without its AddNoise, defined on that page)."""
    from kerasfe.op.numpyop import CoarseDropout, PadIfNeeded, RandomCrop, Rotate
    pad_crop = [PadIfNeeded(min_height=32, min_width=32, image_in="x", mode="train"),
                RandomCrop(28, 28, image_in="x", mode="train")]
    return {"PadIfNeeded + RandomCrop": pad_crop, "Rotate": [Rotate(limit=20, image_in="x", mode="train")],
            "CoarseDropout": [CoarseDropout(inputs="x", mode="train")]}


def numpyop_augmentations(train):
    """03_operators.md: four digits as they are, after each train op alone, and after all of them."""
    import kerasfe as fe
    from kerasfe.util import BatchDisplay, GridDisplay
    images = {"x": train["x"][:4], "index": np.arange(4)}
    columns = [BatchDisplay(image=images["x"], title="original")]
    groups = augmentation_ops()
    groups["all of them"] = [op for ops in groups.values() for op in ops]
    for title, ops in groups.items():
        batch = fe.Pipeline(train_data=images, batch_size=4, ops=ops, seed=3).get_results(mode="train")[0]
        columns.append(BatchDisplay(image=batch["x"][np.argsort(batch["index"])], title=title))
    GridDisplay(columns).show(save_path=str(OUT / "numpyop_augmentations.png"), scale=SCALE)


def pipeline_batch(train):
    """04_pipeline.md: the page's Pipeline, eval mode against train mode, for the same six digits."""
    import kerasfe as fe
    from kerasfe.op.numpyop import CoarseDropout, HorizontalFlip, Normalize, PadIfNeeded, RandomCrop, Sometimes
    from kerasfe.util import BatchDisplay, GridDisplay
    ops = [PadIfNeeded(min_height=32, min_width=32, image_in="x", mode="train"),
           RandomCrop(28, 28, image_in="x", mode="train"),
           Sometimes(HorizontalFlip(image_in="x", mode="train")),
           CoarseDropout(inputs="x", mode="train"),
           Normalize(inputs="x", outputs="x", mean=0.5, std=0.25, max_pixel_value=1.0)]
    six = {"x": train["x"][:6], "y": train["y"][:6], "index": np.arange(6)}
    pipeline = fe.Pipeline(train_data=six, eval_data=six, batch_size=6, ops=ops, seed=1)
    train_batch = pipeline.get_results(mode="train")[0]  # shuffled: put it back in the eval order
    eval_batch = pipeline.get_results(mode="eval")[0]
    GridDisplay([BatchDisplay(image=eval_batch["x"], title="eval"),
                 BatchDisplay(image=train_batch["x"][np.argsort(train_batch["index"])], title="train (augmented)")]).show(
        save_path=str(OUT / "pipeline_batch.png"), scale=SCALE)


def estimator_curves(train, evaluation):
    """07_estimator.md: the page's network trained for ten full epochs, plotted with Summary.plot."""
    import keras
    import kerasfe as fe
    from kerasfe.op.numpyop import Minmax
    from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
    from kerasfe.trace.metric import Accuracy
    fe.enable_deterministic(0)
    pipeline = fe.Pipeline(train_data=train, eval_data=evaluation, batch_size=64, ops=[Minmax(inputs="x", outputs="x")])
    model = fe.build(model_fn=lambda: keras.Sequential(
        [keras.Input((28, 28, 1)), keras.layers.Conv2D(16, 3, strides=2, activation="relu"), keras.layers.Flatten(),
         keras.layers.Dense(10, activation="softmax")], name="cnn"), optimizer_fn="adam")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce")])
    summary = fe.Estimator(pipeline=pipeline, network=network, epochs=10, log_steps=None,
                           traces=[Accuracy(true_key="y", pred_key="y_pred")]).fit(summary="digits")
    figure = summary.plot(keys=["ce", "accuracy"])
    figure.savefig(OUT / "estimator_curves.png", dpi=80)
    plt.close(figure)


def lr_schedules():
    """09_schedulers.md: kerasfe.schedule's learning-rate functions over 200 steps."""
    from kerasfe.schedule import cosine_decay, linear_warmup, one_cycle
    steps = np.arange(1, 201)
    curves = {"cosine_decay(cycle_length=50)": [cosine_decay(s, cycle_length=50, init_lr=1e-3) for s in steps],
              "cosine_decay(cycle_length=40, cycle_multiplier=2)":
                  [cosine_decay(s, cycle_length=40, init_lr=1e-3, cycle_multiplier=2) for s in steps],
              "linear_warmup(warmup_steps=50)": [linear_warmup(s, warmup_steps=50, init_lr=1e-3) for s in steps],
              "one_cycle(total_steps=200)": [one_cycle(s, total_steps=200, max_lr=1e-3) for s in steps]}
    figure, axis = plt.subplots(figsize=(8, 4.2))
    for label, values in curves.items():
        axis.plot(steps, [float(v) for v in values], label=label)
    axis.set_xlabel("step")
    axis.set_ylabel("learning rate")
    axis.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2)  # below the curves
    figure.tight_layout()
    figure.savefig(OUT / "lr_schedules.png", dpi=80)
    plt.close(figure)


def workflow():
    """index.md: the Pipeline -> Network -> Estimator flow, with the Ops inside and the Traces around it."""
    figure, axis = plt.subplots(figsize=(10, 4.3))
    axis.set_xlim(0, 10)
    axis.set_ylim(0, 4.2)
    axis.axis("off")

    def box(x, y, width, height, title, lines, color):
        axis.add_patch(matplotlib.patches.FancyBboxPatch((x, y), width, height, boxstyle="round,pad=0.05",
                                                         facecolor=color, edgecolor="#333333"))
        axis.text(x + width / 2, y + height - 0.3, title, ha="center", va="center", fontsize=13, weight="bold")
        axis.text(x + width / 2, y + (height - 0.55) / 2, "\n".join(lines), ha="center", va="center", fontsize=9)

    def arrow(x0, x1, y, label):
        axis.annotate("", xy=(x1, y), xytext=(x0, y), arrowprops={"arrowstyle": "-|>", "lw": 1.8})
        axis.text((x0 + x1) / 2, y + 0.18, label, ha="center", fontsize=8)

    box(0.2, 1.8, 2.2, 2.2, "Data set", ["NumpyDataset, CSVDataset,", "DirDataset, generators,", "tf.data, grain"],
        "#e8eaf6")
    box(3.0, 1.8, 2.8, 2.2, "Pipeline", ["NumpyOps per sample (numpy):", "ReadImage, RandomCrop,", "Normalize, ...",
                                         "batching, worker threads"], "#c5cae9")
    box(6.4, 1.8, 3.4, 2.2, "Network", ["TensorOps in the compiled step", "(keras.ops):", "ModelOp -> loss ops -> UpdateOp",
                                        "models from fe.build"], "#9fa8da")
    arrow(2.45, 2.95, 2.9, "samples")
    arrow(5.85, 6.35, 2.9, "batches")
    box(0.2, 0.15, 9.6, 1.2, "Estimator", ["runs epochs of train / eval / test on TensorFlow, JAX or PyTorch;",
                                           "Traces around every step and epoch: metrics, savers, loggers, "
                                           "LR schedules, Keras callbacks"], "#e3f2fd")
    figure.tight_layout()
    figure.savefig(OUT / "workflow.png", dpi=90)
    plt.close(figure)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    from kerasfe.dataset.data import digits
    train, evaluation, _ = digits.load_data()
    workflow()
    lr_schedules()
    digits_samples(train)
    numpyop_augmentations(train)
    pipeline_batch(train)
    estimator_curves(train, evaluation)
    print("wrote", sorted(os.listdir(OUT)))


if __name__ == "__main__":
    main()
