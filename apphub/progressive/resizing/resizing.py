"""Progressive resizing: train on small images with big batches first, then on full-size images.

    kerasfe train apphub/progressive/resizing/resizing.py --epochs 6 --backend jax
    python apphub/progressive/resizing/resizing.py --epochs 6 --sizes "(16, 32)" --batch_sizes "(64, 32)"

The data is scikit-learn's bundled digits (no download), enlarged to 32x32. Until `switch_epoch` an
`EpochScheduler` in the Pipeline resizes every image to `sizes[0]` pixels and batches `batch_sizes[0]`
of them; from `switch_epoch` on, images are `sizes[1]` pixels in batches of `batch_sizes[1]`. ResNet9
ends in a global max-pool, so one set of weights takes either size. The compiled train step re-traces
once when the batch shape changes (under JAX and TensorFlow; PyTorch runs eagerly), and never again.
"""
import tempfile

import kerasfe as fe
from kerasfe.architecture import ResNet9
from kerasfe.cli.app import run_script
from kerasfe.dataset.data import digits
from kerasfe.op.numpyop import Resize
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
from kerasfe.schedule import EpochScheduler
from kerasfe.trace.io import BestModelSaver
from kerasfe.trace.metric import Accuracy


def get_estimator(epochs=6, batch_size=None, max_train_steps_per_epoch=None, max_eval_steps_per_epoch=None,
                  save_dir=None, sizes=(16, 32), batch_sizes=(64, 32), switch_epoch=None, filters=16,
                  log_steps=100):
    """The Pipeline -> Network -> Estimator of this application.

    Args:
        batch_size: one batch size for every epoch, instead of `batch_sizes`.
        save_dir: where BestModelSaver keeps the most accurate weights (a new temporary folder by default).
        sizes: (early, late) image sizes in pixels.
        batch_sizes: (early, late) batch sizes.
        switch_epoch: the first epoch of the late size (by default the middle of the run, epochs // 2 + 1).
        filters: ResNet9's first width.
    """
    switch_epoch = switch_epoch or epochs // 2 + 1
    train, evaluation, test = digits.load_data(image_size=32)
    resize = EpochScheduler({1: Resize(sizes[0], sizes[0], image_in="x", image_out="x"),
                             switch_epoch: Resize(sizes[1], sizes[1], image_in="x", image_out="x")})
    pipeline = fe.Pipeline(train_data=train, eval_data=evaluation, test_data=test, ops=[resize],
                           batch_size=batch_size or EpochScheduler({1: batch_sizes[0], switch_epoch: batch_sizes[1]}))
    model = fe.build(model_fn=lambda: ResNet9(input_shape=(None, None, 1), classes=10, filters=filters),
                     optimizer_fn="adam")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce")])
    traces = [Accuracy(true_key="y", pred_key="y_pred"),
              BestModelSaver(model=model, save_dir=save_dir or tempfile.mkdtemp(prefix="resizing_"),
                             metric="accuracy", save_best_mode="max")]
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=log_steps,
                        max_train_steps_per_epoch=max_train_steps_per_epoch,
                        max_eval_steps_per_epoch=max_eval_steps_per_epoch)


if __name__ == "__main__":
    run_script(get_estimator)
