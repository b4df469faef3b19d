"""The benchmark suite: kerasfe against plain Keras and hand-written loops, one table per backend.

Cases (each in its own process, its runners taking turns: every round times each runner once, so a shared
machine's changing load falls on all of them alike):
- LeNet on random MNIST-shaped data at batch 32 and 256, trained by kerasfe `Estimator.fit` (its default,
  `steps_per_execution="auto"`, and forced to one step per call), plain Keras `model.fit` with the default
  compile settings (one step per call), and a hand-written loop in the backend's own API
  (benchmarks/handwritten.py).
- A DCGAN step at batch 64: a kerasfe Network with two UpdateOps run by `Estimator.fit` (auto and one step
  per call) against a `keras.Model` subclass with a hand-written `train_step` per backend, run by plain
  `model.fit` (default compile settings) and by a hand-written loop over that step.
The Estimators run with `log_steps=None` (no console lines), like the plain Keras runs (`verbose=0`).
Each runner trains one warm-up epoch, then times `--epochs` epochs in each of `--repeats` rounds: steps/s is
the median. Loss parity: every LeNet runner starts from the same initial weights and trains
one epoch on the same batches (the order the kerasfe Pipeline serves); the final loss of each on the
whole data set is compared with plain Keras's.

    python benchmarks/run.py                                   # all backends, write nothing
    python benchmarks/run.py --quick                           # tiny sizes: a sanity run
    python benchmarks/run.py --backends jax torch --repeats 7 --output benchmarks/RESULTS.md
"""
import argparse
import datetime
import json
import os
import platform
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]  # the helper modules here, and kerasfe from this checkout

import common  # noqa: E402

RUNNERS = ("estimator_fit", "estimator_fit_spe1", "keras_fit", "handwritten")
BASELINE = "keras_fit"
BATCH_SIZES = (32, 256)
GAN_BATCH_SIZE = 64


def initial_weights():
    """The LeNet weights every runner starts from (seeded)."""
    import keras
    keras.utils.set_random_seed(0)
    return common.lenet().get_weights()


def lenet_runner(name, x, y, batch_size):
    """(the LeNet it trains, a function that trains it one epoch, what runs the steps): the Pipeline of the
    Estimator runners shuffles x, y itself; the others take x, y in the order that Pipeline serves them."""
    import kerasfe as fe
    from handwritten import lenet_epoch_fn
    pipeline = fe.Pipeline(train_data={"x": x, "y": y}, batch_size=batch_size, seed=0)
    x, y = pipeline_order(pipeline, len(x))
    if name in ("keras_fit", "handwritten"):
        model = common.lenet()
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.set_weights(initial_weights())
        if name == "handwritten":
            return model, lenet_epoch_fn(model, x, y, batch_size), None
        return model, lambda: model.fit(x, y, batch_size=batch_size, epochs=1, shuffle=False, verbose=0), model
    model = fe.build(model_fn=common.lenet, optimizer_fn="adam")
    model.set_weights(initial_weights())
    network = common.lenet_network(model)
    return model, estimator(name, pipeline, network).fit, network


def estimator(name, pipeline, network):
    """The Estimator of runner `name`: "estimator_fit" (the default steps_per_execution="auto") or
    "estimator_fit_spe1" (one step per call)."""
    import kerasfe as fe
    return fe.Estimator(pipeline=pipeline, network=network, epochs=1, log_steps=None,
                        steps_per_execution=1 if name == "estimator_fit_spe1" else "auto")


def pipeline_order(pipeline, samples):
    """x, y in the order of the batches `pipeline` serves in epoch 1."""
    import numpy as np
    batches = pipeline.get_results("train", num_steps=-(-samples // pipeline.batch_size))
    return np.concatenate([b["x"] for b in batches]), np.concatenate([b["y"] for b in batches])


def final_loss(model, x, y):
    import keras
    import numpy as np
    probabilities = model.predict(x, batch_size=512, verbose=0)
    return float(np.mean(keras.ops.convert_to_numpy(keras.losses.sparse_categorical_crossentropy(y, probabilities))))


def child_lenet(batch_size, samples, epochs, repeats):
    """{runner: result} of every runner on LeNet, their timings taking turns in this one process."""
    runs = {runner: lenet_runner(runner, *common.mnist_like(samples), batch_size) for runner in RUNNERS}
    losses = {}
    for runner, (model, run_epoch, _) in runs.items():
        run_epoch()  # one epoch from the shared initial weights on the Pipeline's batches: the parity run
        losses[runner] = final_loss(model, *common.mnist_like(samples))
    rates = common.median_rates({runner: run[1] for runner, run in runs.items()}, -(-samples // batch_size),
                                repeats, epochs)
    return {runner: {"steps_per_sec": rates[runner], "steps_per_call": steps_per_call(runs[runner][2]),
                     "final_loss": losses[runner]} for runner in RUNNERS}


def gan_runner(name, data, batch_size):
    """(a function that trains the DCGAN one epoch, what runs the steps)."""
    import keras
    import kerasfe as fe
    from handwritten import HandWrittenGAN, gan_epoch_fn
    from kerasfe.architecture import DCGANDiscriminator, DCGANGenerator
    keras.utils.set_random_seed(0)
    if name.startswith("estimator"):
        generator = fe.build(lambda: DCGANGenerator(latent_dim=common.LATENT_DIM), lambda: keras.optimizers.Adam(1e-4))
        discriminator = fe.build(DCGANDiscriminator, lambda: keras.optimizers.Adam(1e-4))
        network = common.gan_network(generator, discriminator)
        return estimator(name, fe.Pipeline(train_data=data, batch_size=batch_size, seed=0), network).fit, network
    model = HandWrittenGAN(DCGANGenerator(latent_dim=common.LATENT_DIM), DCGANDiscriminator())
    model.compile()
    if name == "handwritten":
        return gan_epoch_fn(model, data, batch_size), None
    return lambda: model.fit(data, batch_size=batch_size, epochs=1, shuffle=False, verbose=0), model


def child_gan(batch_size, samples, epochs, repeats):
    """{runner: result} of every runner on the DCGAN step, their timings taking turns in this one process."""
    x, _ = common.mnist_like(samples)
    data = {"x": x * 2 - 1, "z": common.latents(samples)}
    runs = {runner: gan_runner(runner, data, batch_size) for runner in RUNNERS}
    rates = common.median_rates({runner: run[0] for runner, run in runs.items()}, -(-samples // batch_size),
                                repeats, epochs)
    return {runner: {"steps_per_sec": rates[runner], "steps_per_call": steps_per_call(runs[runner][1])}
            for runner in RUNNERS}


def steps_per_call(trainer):
    """The steps per compiled call of a Keras trainer's last run (None: a hand-written loop)."""
    return None if trainer is None else trainer.steps_per_execution


def run_backend(backend, args):
    """{case: {runner: result}} for one backend, each case in its own process."""
    results = {}
    sizes = [args.samples, args.epochs, args.repeats]
    for batch_size in BATCH_SIZES:
        results[f"LeNet, batch {batch_size}"] = common.run_child(__file__, backend, ["lenet", batch_size, *sizes])
    results[f"DCGAN step, batch {GAN_BATCH_SIZE}"] = common.run_child(__file__, backend,
                                                                     ["gan", GAN_BATCH_SIZE, *sizes])
    return results


def backend_table(results):
    rows = []
    for case, runners in results.items():
        baseline = runners[BASELINE]
        for runner, result in runners.items():
            parity = ""
            if "final_loss" in result:
                parity = f"{result['final_loss']:.5f} ({abs(result['final_loss'] - baseline['final_loss']):.1e})"
            rows.append([case, runner, "" if result["steps_per_call"] is None else result["steps_per_call"],
                         f"{result['steps_per_sec']:.1f}", f"{result['steps_per_sec'] / baseline['steps_per_sec']:.3f}",
                         parity])
    return common.markdown_table(["case", "runner", "steps/call", "steps/s", f"ratio vs {BASELINE}",
                                  f"final loss (abs. diff. from {BASELINE})"], rows)


def report(all_results, args):
    machine = f"{platform.node()}: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, " \
              f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    lines = ["# kerasfe benchmarks", "",
             f"{datetime.date.today().isoformat()}, {machine}.",
             f"`python benchmarks/run.py {' '.join(sys.argv[1:])}`: {args.samples} samples, steps/s = median of "
             f"{args.repeats} rounds timing {args.epochs} epoch(s) of each runner in turn after a warm-up epoch; "
             "final loss after one epoch from the same initial weights on the same batches.",
             ""]
    for backend, results in all_results.items():
        lines += [f"## {backend} (keras {results.pop('_keras_version')}, "
                  f"{results.pop('_backend_version')})", "", backend_table(results), ""]
    return "\n".join(lines)


def versions(backend):
    return common.run_child(__file__, backend, ["versions"])


def child(argv):
    import keras
    if argv[0] == "versions":
        module = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}[keras.backend.backend()]
        print(json.dumps({"_keras_version": keras.__version__,
                          "_backend_version": f"{module} {__import__(module).__version__}"}))
        return
    measure = child_lenet if argv[0] == "lenet" else child_gan
    print(json.dumps(measure(*map(int, argv[1:]))))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        return child(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", nargs="+", default=["tensorflow", "jax", "torch"])
    parser.add_argument("--repeats", type=int, default=5, help="timings per case (median taken)")
    parser.add_argument("--epochs", type=int, default=1, help="epochs per timing")
    parser.add_argument("--samples", type=int, default=6400, help="samples per epoch (a multiple of 256)")
    parser.add_argument("--quick", action="store_true", help="a sanity run: 512 samples, 2 repeats")
    parser.add_argument("--output", help="also write the report (markdown) to this file")
    args = parser.parse_args()
    if args.quick:
        args.samples, args.repeats = 512, 2
    all_results = {}
    for backend in args.backends:
        all_results[backend] = {**versions(backend), **run_backend(backend, args)}
        print(f"## {backend}\n\n{backend_table({k: v for k, v in all_results[backend].items() if k[0] != '_'})}\n",
              flush=True)
    text = report(all_results, args)
    if args.output:
        with open(args.output, "w") as file:
            file.write(text + "\n")
        print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
