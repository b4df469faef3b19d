"""Steps/s of kerasfe (Estimator.fit and Network.fit) against plain keras `model.fit`, per backend.

Each backend runs in its own process (Keras fixes the backend at import). Every configuration trains
the same LeNet on MNIST-shaped random data; one warm-up epoch (compilation) is dropped, then each
runner times `--epochs` epochs, rotating the runner order over `--repeats` rounds. Printed: the
median steps/s of each runner and its ratio to plain Keras.

    python benchmarks/overhead.py                      # all three backends, batch 32 and 256
    python benchmarks/overhead.py --backends jax --batch-sizes 32 --repeats 5
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root: runs without PYTHONPATH

RUNNERS = ("keras_fit", "network_fit", "estimator_fit")


def _data(samples):
    import numpy as np
    rng = np.random.default_rng(0)
    return rng.random((samples, 28, 28, 1), dtype="float32"), rng.integers(0, 10, samples).astype("int64")


def _lenet():
    from kerasfe.architecture import LeNet
    return LeNet(input_shape=(28, 28, 1), classes=10)


def _make_runner(name, batch_size, x, y):
    """A function that trains one epoch and returns the number of steps it took."""
    import keras
    import kerasfe as fe
    from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
    steps = -(-len(x) // batch_size)
    if name == "keras_fit":
        model = _lenet()
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        return lambda: (model.fit(x, y, batch_size=batch_size, epochs=1, verbose=0), steps)[1]
    model = fe.build(model_fn=_lenet, optimizer_fn="adam")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce")])
    if name == "network_fit":
        data = {"x": x, "y": y}
        return lambda: (network.fit(data, batch_size=batch_size, epochs=1, verbose=0), steps)[1]
    pipeline = fe.Pipeline(train_data={"x": x, "y": y}, batch_size=batch_size, seed=0)
    estimator = fe.Estimator(pipeline=pipeline, network=network, epochs=1, verbose=False)
    return lambda: (estimator.fit(), steps)[1]


def measure(batch_size, samples, epochs, repeats):
    """Median steps/s per runner for the current backend."""
    x, y = _data(samples)
    runners = {name: _make_runner(name, batch_size, x, y) for name in RUNNERS}
    for run in runners.values():
        run()  # warm-up: tracing and compilation
    rates = {name: [] for name in RUNNERS}
    for round_index in range(repeats):
        order = RUNNERS[round_index % len(RUNNERS):] + RUNNERS[:round_index % len(RUNNERS)]
        for name in order:
            start, steps = time.perf_counter(), 0
            for _ in range(epochs):
                steps += runners[name]()
            rates[name].append(steps / (time.perf_counter() - start))
    return {name: statistics.median(values) for name, values in rates.items()}


def _child(args):
    import keras
    results = {str(b): measure(b, args.samples, args.epochs, args.repeats) for b in args.batch_sizes}
    print(json.dumps({"backend": keras.backend.backend(), "results": results}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", nargs="+", default=["tensorflow", "jax", "torch"])
    parser.add_argument("--batch-sizes", nargs="+", type=int, default=[32, 256])
    parser.add_argument("--samples", type=int, default=6400)
    parser.add_argument("--epochs", type=int, default=1, help="epochs timed per measurement")
    parser.add_argument("--repeats", type=int, default=5, help="measurements per runner (median taken)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return _child(args)
    print(f"{'backend':<11}{'batch':>6}" + "".join(f"{name:>16}" for name in RUNNERS)
          + f"{'network/keras':>15}{'estimator/keras':>17}   (steps/s, medians of {args.repeats})")
    for backend in args.backends:
        command = [sys.executable, __file__, "--child", "--samples", str(args.samples), "--epochs", str(args.epochs),
                   "--repeats", str(args.repeats), "--batch-sizes", *map(str, args.batch_sizes)]
        env = dict(os.environ, KERAS_BACKEND=backend, TF_CPP_MIN_LOG_LEVEL="3")
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            print(f"{backend}: failed\n{done.stderr[-3000:]}")
            continue
        report = json.loads(done.stdout.strip().splitlines()[-1])
        for batch_size, rates in report["results"].items():
            print(f"{backend:<11}{batch_size:>6}" + "".join(f"{rates[name]:>16.1f}" for name in RUNNERS)
                  + f"{rates['network_fit'] / rates['keras_fit']:>15.3f}"
                  + f"{rates['estimator_fit'] / rates['keras_fit']:>17.3f}", flush=True)


if __name__ == "__main__":
    main()
