"""The progressive-resizing app through the `kerasfe train` code path: the train step re-traces exactly once
at the size switch under JAX and TensorFlow; PyTorch runs it eagerly on the scheduled shapes."""
import keras

from kerasfe.cli.app import build_estimator
from tests.apphub.app_runs import APPHUB, check_run, with_scored_batches

# Traces of train_step in the first epoch: one under JAX; TensorFlow traces a tf.function twice on its first call
FIRST_TRACES = {"jax": 1, "tensorflow": 2}.get(keras.backend.backend())


def batch_of(arguments):
    """The batch dict among train_step's arguments (JAX also passes the state)."""
    for argument in arguments:
        if isinstance(argument, dict) and "x" in argument:
            return argument
        if isinstance(argument, (tuple, list)) and batch_of(argument) is not None:
            return batch_of(argument)
    return None


def counting_train_steps(network):
    """Records the image shape of every Python run of `network`'s train_step (a trace under jit)."""
    train_step, shapes = network.train_step, []
    network.train_step = lambda *args: shapes.append(tuple(batch_of(args)["x"].shape)) or train_step(*args)
    return shapes


def test_resizing_app_switches_size_and_batch_and_retraces_once(tmp_path):
    estimator = build_estimator(APPHUB / "progressive" / "resizing" / "resizing.py", [
        "--epochs", "4", "--max_train_steps_per_epoch", "2", "--max_eval_steps_per_epoch", "1", "--log_steps", "0",
        "--filters", "4", "--sizes", "(12, 24)", "--batch_sizes", "(8, 4)", "--save_dir", str(tmp_path)])
    scored = with_scored_batches(estimator)
    shapes, per_epoch = counting_train_steps(estimator.network), []
    run_epoch = estimator.run_epoch

    def counting_run_epoch(mode, epoch):
        before = len(shapes)
        run_epoch(mode, epoch)
        if mode == "train":
            per_epoch.append(shapes[before:])
    estimator.run_epoch = counting_run_epoch
    estimator.fit()
    estimator.test()
    check_run(estimator, scored, "ce", ["accuracy"], epochs=4, train_steps=2)
    if FIRST_TRACES is None:  # eager: train_step runs once per batch, on the scheduled shapes
        assert per_epoch == [[(8, 12, 12, 1)] * 2] * 2 + [[(4, 24, 24, 1)] * 2] * 2
    else:  # one trace at the switch (TensorFlow relaxes that trace's shapes to None), none within a size
        assert [len(epoch) for epoch in per_epoch] == [FIRST_TRACES, 0, 1, 0]
        assert {shape[1:] for shape in per_epoch[0]} == {(12, 12, 1)} and per_epoch[2][0][-1] == 1
        assert per_epoch[2][0][1] in (24, None)
    for epoch, size in ((2, 12), (3, 24)):
        assert estimator.pipeline.get_results("eval", num_steps=1, epoch=epoch)[0]["x"].shape[1:] == (size, size, 1)
    assert len(list(tmp_path.glob("resnet9*_best_accuracy.weights.h5"))) == 1
