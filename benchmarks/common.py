"""Shared by the benchmark scripts: per-backend child processes, the LeNet / DCGAN workloads, timing."""
import json
import os
import statistics
import subprocess
import sys
import time

LATENT_DIM = 100


def run_child(script, backend, args):
    """Runs `python script --child *args` with KERAS_BACKEND=backend; returns the JSON of its last output
    line, or raises RuntimeError with the end of its error output."""
    env = dict(os.environ, KERAS_BACKEND=backend, TF_CPP_MIN_LOG_LEVEL="3")
    done = subprocess.run([sys.executable, script, "--child", *map(str, args)], env=env, capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{backend} {' '.join(map(str, args))} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def mnist_like(samples, seed=0):
    """Random MNIST-shaped images (float32, N x 28 x 28 x 1) and int64 labels."""
    import numpy as np
    rng = np.random.default_rng(seed)
    return rng.random((samples, 28, 28, 1), dtype="float32"), rng.integers(0, 10, samples).astype("int64")


def latents(samples, seed=1):
    """Normal latent vectors for the DCGAN generator."""
    import numpy as np
    return np.random.default_rng(seed).normal(size=(samples, LATENT_DIM)).astype("float32")


def lenet():
    from kerasfe.architecture import LeNet
    return LeNet(input_shape=(28, 28, 1), classes=10)


def lenet_network(model):
    """ModelOp -> CrossEntropy -> UpdateOp on x, y for a model made by fe.build."""
    import kerasfe as fe
    from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
    return fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                           CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                           UpdateOp(model=model, loss_name="ce")])


def gan_network(generator, discriminator):
    """The two-UpdateOp DCGAN network of the multi-model tutorial, on keys x (real images) and z."""
    import kerasfe as fe
    from kerasfe.architecture import dcgan_ops
    return fe.Network(ops=dcgan_ops(generator, discriminator))


def median_rates(run_epochs, steps, repeats, epochs=1):
    """{name: median steps/s} of the `run_epochs` ({name: function running one epoch of `steps` steps}):
    each is called once to warm up (tracing, compilation), then, `repeats` rounds, each in turn times
    `epochs` calls; taking turns spreads a shared machine's changing load over every runner alike."""
    for run_epoch in run_epochs.values():
        run_epoch()
    rates = {name: [] for name in run_epochs}
    for _ in range(repeats):
        for name, run_epoch in run_epochs.items():
            start = time.perf_counter()
            for _ in range(epochs):
                run_epoch()
            rates[name].append(steps * epochs / (time.perf_counter() - start))
    return {name: statistics.median(values) for name, values in rates.items()}


def markdown_table(headers, rows):
    """A GitHub-markdown table of `rows` (lists of cells, already formatted) under `headers`."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    return "\n".join(lines + ["| " + " | ".join(map(str, row)) + " |" for row in rows])
