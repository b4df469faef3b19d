"""Steps/s of kerasfe (Estimator.fit and Network.fit) against plain keras `model.fit`, per backend.

Each backend runs in its own process (Keras fixes the backend at import). Every configuration trains
the same LeNet on MNIST-shaped random data; one warm-up epoch (compilation) is dropped, then each
runner times `--epochs` epochs, rotating the runner order over `--repeats` rounds. Printed: the
median steps/s of each runner and its ratio to plain Keras.

With `--traces`, both sides also evaluate each epoch and keep the best weights: plain Keras with an
accuracy metric and `ModelCheckpoint(save_best_only=True)`, kerasfe's Estimator with the `Accuracy`,
`Logger` and `BestModelSaver` Traces.

    python benchmarks/overhead.py                      # all three backends, batch 32 and 256
    python benchmarks/overhead.py --backends jax --batch-sizes 32 --repeats 5
    python benchmarks/overhead.py --traces --backends jax --samples 640 --repeats 1   # a quick sanity run
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root: runs without PYTHONPATH

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]  # the helper modules here, and kerasfe from this checkout

import common  # noqa: E402

RUNNERS = ("keras_fit", "network_fit", "estimator_fit")
TRACE_RUNNERS = ("keras_fit_callbacks", "estimator_traces")


def _make_runner(name, batch_size, x, y):
    """A function that trains one epoch and returns the number of steps it took."""
    import kerasfe as fe
    steps = -(-len(x) // batch_size)
    if name in TRACE_RUNNERS:
        return _make_trace_runner(name, batch_size, x, y, steps)
    if name == "keras_fit":
        model = common.lenet()
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        return lambda: (model.fit(x, y, batch_size=batch_size, epochs=1, verbose=0), steps)[1]
    network = common.lenet_network(fe.build(model_fn=common.lenet, optimizer_fn="adam"))
    if name == "network_fit":
        data = {"x": x, "y": y}
        return lambda: (network.fit(data, batch_size=batch_size, epochs=1, verbose=0), steps)[1]
    pipeline = fe.Pipeline(train_data={"x": x, "y": y}, batch_size=batch_size, seed=0)
    estimator = fe.Estimator(pipeline=pipeline, network=network, epochs=1, log_steps=None)
    return lambda: (estimator.fit(), steps)[1]


def _make_trace_runner(name, batch_size, x, y, steps):
    """Train one epoch, evaluate on a tenth of the data, keep the best weights (see --traces)."""
    import contextlib
    import io
    import tempfile
    import keras
    import kerasfe as fe
    from kerasfe.trace.io import BestModelSaver
    from kerasfe.trace.metric import Accuracy
    save_dir = tempfile.mkdtemp()
    evaluation = {"x": x[:len(x) // 10], "y": y[:len(y) // 10]}
    if name == "keras_fit_callbacks":
        model = common.lenet()
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        checkpoint = keras.callbacks.ModelCheckpoint(f"{save_dir}/best.weights.h5", monitor="val_accuracy", mode="max",
                                                     save_best_only=True, save_weights_only=True)
        return lambda: (model.fit(x, y, batch_size=batch_size, epochs=1, verbose=0, callbacks=[checkpoint],
                                  validation_data=(evaluation["x"], evaluation["y"])), steps)[1]
    model = fe.build(model_fn=common.lenet, optimizer_fn="adam")
    network = common.lenet_network(model)
    pipeline = fe.Pipeline(train_data={"x": x, "y": y}, eval_data=evaluation, batch_size=batch_size, seed=0)
    estimator = fe.Estimator(pipeline=pipeline, network=network, epochs=1, log_steps=100,
                             traces=[Accuracy(true_key="y", pred_key="y_pred"),
                                     BestModelSaver(model=model, save_dir=save_dir, metric="accuracy",
                                                    save_best_mode="max")])

    def run():
        with contextlib.redirect_stdout(io.StringIO()):  # the Logger's lines
            estimator.fit()
        return steps
    return run


def measure(batch_size, samples, epochs, repeats, names=RUNNERS):
    """Median steps/s per runner for the current backend."""
    x, y = common.mnist_like(samples)
    runners = {name: _make_runner(name, batch_size, x, y) for name in names}
    for run in runners.values():
        run()  # warm-up: tracing and compilation
    rates = {name: [] for name in names}
    for round_index in range(repeats):
        order = names[round_index % len(names):] + names[:round_index % len(names)]
        for name in order:
            start, steps = time.perf_counter(), 0
            for _ in range(epochs):
                steps += runners[name]()
            rates[name].append(steps / (time.perf_counter() - start))
    return {name: statistics.median(values) for name, values in rates.items()}


def _child(args):
    import json

    import keras
    names = TRACE_RUNNERS if args.traces else RUNNERS
    results = {str(b): measure(b, args.samples, args.epochs, args.repeats, names) for b in args.batch_sizes}
    print(json.dumps({"backend": keras.backend.backend(), "results": results}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", nargs="+", default=["tensorflow", "jax", "torch"])
    parser.add_argument("--batch-sizes", nargs="+", type=int, default=[32, 256])
    parser.add_argument("--samples", type=int, default=6400)
    parser.add_argument("--epochs", type=int, default=1, help="epochs timed per measurement")
    parser.add_argument("--repeats", type=int, default=5, help="measurements per runner (median taken)")
    parser.add_argument("--traces", action="store_true", help="compare with metrics, evaluation and checkpoints")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return _child(args)
    names = TRACE_RUNNERS if args.traces else RUNNERS
    print(f"{'backend':<11}{'batch':>6}" + "".join(f"{name:>21}" for name in names)
          + "".join(f"{name.split('_')[0] + '/keras':>17}" for name in names[1:])
          + f"   (steps/s, medians of {args.repeats})")
    for backend in args.backends:
        try:
            report = common.run_child(__file__, backend, ["--samples", args.samples, "--epochs", args.epochs,
                                                          "--repeats", args.repeats, "--batch-sizes",
                                                          *args.batch_sizes] + (["--traces"] if args.traces else []))
        except RuntimeError as error:
            print(error)
            continue
        for batch_size, rates in report["results"].items():
            print(f"{backend:<11}{batch_size:>6}" + "".join(f"{rates[name]:>21.1f}" for name in names)
                  + "".join(f"{rates[name] / rates[names[0]]:>17.3f}" for name in names[1:]), flush=True)


if __name__ == "__main__":
    main()
