"""Per-step time of data parallelism on each backend: 2 local processes (the all-reduce path of the step) against
1 process, as a ratio.

Each run starts fresh processes on 127.0.0.1 with the environment `kerasfe train --nproc 2` gives them
(`kerasfe.distribute.launch.process_environment`: torchrun's variables, TF_CONFIG, or Keras's JAX variables; one
thread each) that train LeNet with `network.fit` on MNIST-shaped random data: one warm-up epoch, then `--epochs`
timed epochs; a run's per-step time is the median time between consecutive train steps of those epochs (process
0's; the first step of an epoch, which sets up its distributed dataset, is left out). The 1-process baseline trains
without distribution. On PyTorch the step's all-reduce alone (`reduce_step` on LeNet-sized gradients, median of
20 calls) is timed too. Runs of the setups take turns, `--runs` times each, and the medians of the runs are
printed, with their ratios:
- "same per-process batch": 2 processes of `--batch-size` each against 1 of `--batch-size`: the cost of the
  all-reduce path (2 processes also share the cores, so on a 2-core machine part of it is contention);
- "same global batch": 2 processes of `--batch-size // 2` against 1 of `--batch-size`: the speed-up.

    python benchmarks/distributed.py                                  # every backend, batch 32, 3 runs
    python benchmarks/distributed.py --backends tensorflow jax --runs 5 --steps 40
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:0] = [HERE, ROOT]  # the helper modules here, and kerasfe from this checkout

import common  # noqa: E402
from kerasfe.distribute.launch import free_ports, process_environment  # noqa: E402

BACKENDS = ("torch", "tensorflow", "jax")


def step_clock():
    """A Keras callback whose `seconds` are the times between consecutive train batch ends within each epoch (the
    steady step, without the per-epoch set-up of a distributed dataset)."""
    import keras

    class StepClock(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.seconds, self.last = [], None

        def on_epoch_begin(self, epoch, logs=None):
            self.last = None

        def on_train_batch_end(self, batch, logs=None):
            now = time.perf_counter()
            if self.last is not None:
                self.seconds.append(now - self.last)
            self.last = now

    return StepClock()


def child(batch_size, steps, epochs):
    """Trains in this process (one of the launched ones); process 0 prints its median seconds per step."""
    import kerasfe as fe
    if int(os.environ.get("KERASFE_NUM_PROCESSES", "1")) > 1:
        fe.distribute.data_parallel()
    x, y = common.mnist_like(batch_size * steps, seed=fe.distribute.process_index())
    network = common.lenet_network(fe.build(model_fn=common.lenet, optimizer_fn="adam"))
    data = {"x": x, "y": y}
    network.fit(data, batch_size=batch_size, epochs=1, shuffle=False, verbose=0)  # warm-up
    clock = step_clock()
    network.fit(data, batch_size=batch_size, epochs=epochs, shuffle=False, verbose=0, callbacks=[clock])
    seconds = clock.seconds
    reduce_seconds = []
    if fe.distribute.process_count() > 1 and os.environ["KERAS_BACKEND"] == "torch":  # the all-reduce alone
        from kerasfe.backend import torch_distribute
        grads = [variable.value.detach() for variable in network.trainable_variables]
        for _ in range(20):
            start = time.perf_counter()
            torch_distribute.reduce_step(batch_size, grads, [grads[0].sum()])
            reduce_seconds.append(time.perf_counter() - start)
    if fe.distribute.is_chief():
        print(json.dumps({"seconds_per_step": statistics.median(seconds),
                          "all_reduce_seconds": statistics.median(reduce_seconds) if reduce_seconds else None}))


def launch(backend, processes, batch_size, steps, epochs, timeout=600):
    """Runs `child` in `processes` processes; returns process 0's median seconds per step and of the all-reduce."""
    ports = free_ports(processes)
    running = []
    for rank in range(processes):
        env = dict(os.environ, KERAS_BACKEND=backend, OMP_NUM_THREADS="1", TF_CPP_MIN_LOG_LEVEL="3",
                   TF_NUM_INTEROP_THREADS="1", TF_NUM_INTRAOP_THREADS="1",
                   XLA_FLAGS="--xla_cpu_multi_thread_eigen=false")
        if processes > 1:
            env.update(process_environment(backend, processes, rank, ports))
        running.append(subprocess.Popen([sys.executable, __file__, "--child", str(batch_size), str(steps), str(epochs)],
                                        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    try:
        outputs = [process.communicate(timeout=timeout) for process in running]
    finally:
        for process in running:
            process.kill()
            process.wait()
    for process, (_, stderr) in zip(running, outputs):
        if process.returncode != 0:
            raise RuntimeError(f"{backend}: {processes} processes, batch {batch_size} failed:\n{stderr[-3000:]}")
    result = json.loads(outputs[0][0].strip().splitlines()[-1])
    return result["seconds_per_step"], result["all_reduce_seconds"]


def benchmark(backend, args):
    """Prints the table of one backend and returns its two ratios."""
    setups = {"1 process, batch B": (1, args.batch_size), "2 processes, batch B each": (2, args.batch_size),
              "2 processes, batch B/2 each": (2, args.batch_size // 2)}
    seconds, reduce_seconds = {name: [] for name in setups}, {name: [] for name in setups}
    for _ in range(args.runs):
        for name, (processes, batch_size) in setups.items():
            step, reduce = launch(backend, processes, batch_size, args.steps, args.epochs)
            seconds[name].append(step)
            if reduce is not None:
                reduce_seconds[name].append(reduce)
    median = {name: statistics.median(values) for name, values in seconds.items()}
    one = median["1 process, batch B"]
    rows = [[name, f"{1000 * median[name]:.1f}", " ".join(f"{1000 * s:.1f}" for s in seconds[name]),
             f"{median[name] / one:.3f}",
             f"{1000 * statistics.median(reduce_seconds[name]):.2f}" if reduce_seconds[name] else "-"]
            for name in setups]
    print(f"{backend}: LeNet, B={args.batch_size}, Adam, {args.steps} steps an epoch, median of {args.runs} runs")
    print(common.markdown_table(["setup", "ms/step", "ms/step of each run", "ratio to 1 process",
                                 "all-reduce alone, ms"], rows))
    ratios = median["2 processes, batch B each"] / one, median["2 processes, batch B/2 each"] / one
    print(f"{backend} all-reduce path, same per-process batch: {ratios[0]:.3f}; same global batch: {ratios[1]:.3f}\n",
          flush=True)
    return ratios


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--steps", type=int, default=20, help="steps an epoch")
    parser.add_argument("--epochs", type=int, default=3, help="timed epochs a run")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for backend in args.backends:
        benchmark(backend, args)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(*map(int, sys.argv[2:5]))
    else:
        main()
