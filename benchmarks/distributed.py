"""Per-step time of PyTorch data parallelism: 2 local gloo processes (the all-reduce path of the step) against
1 process, as a ratio.

Each run starts fresh processes with torchrun's environment (127.0.0.1, a free port, one thread each) that
train LeNet with `network.fit` on MNIST-shaped random data: one warm-up epoch, then `--epochs` timed epochs;
a run's per-step time is the median over its epochs (process 0's), and with 2 processes the step's
all-reduce alone (`reduce_step` on LeNet-sized gradients, median of 20 calls) is timed too. Runs of the two setups take turns,
`--runs` times each, and the medians of the runs are printed, with their ratio:
- "same per-process batch": 2 processes of `--batch-size` each against 1 of `--batch-size`: the cost of the
  all-reduce path (2 processes also share the cores, so on a 2-core machine part of it is contention);
- "same global batch": 2 processes of `--batch-size // 2` against 1 of `--batch-size`: the speed-up.

    python benchmarks/distributed.py                       # LeNet, batch 32, 20 steps an epoch, 3 runs
    python benchmarks/distributed.py --runs 5 --steps 40
"""
import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:0] = [HERE, ROOT]  # the helper modules here, and kerasfe from this checkout

import common  # noqa: E402


def child(batch_size, steps, epochs):
    """Trains in this process (one of the launched ones); process 0 prints its median seconds per step."""
    import kerasfe as fe
    fe.distribute.data_parallel()
    x, y = common.mnist_like(batch_size * steps, seed=fe.distribute.process_index())
    network = common.lenet_network(fe.build(model_fn=common.lenet, optimizer_fn="adam"))
    data = {"x": x, "y": y}
    network.fit(data, batch_size=batch_size, epochs=1, shuffle=False, verbose=0)  # warm-up
    seconds = []
    for _ in range(epochs):
        start = time.perf_counter()
        network.fit(data, batch_size=batch_size, epochs=1, shuffle=False, verbose=0)
        seconds.append((time.perf_counter() - start) / steps)
    reduce_seconds = []
    if fe.distribute.process_count() > 1:  # the step's all-reduce alone, on gradients the size of LeNet's
        from kerasfe.backend import torch_distribute
        grads = [variable.value.detach() for variable in network.trainable_variables]
        for _ in range(20):
            start = time.perf_counter()
            torch_distribute.reduce_step(batch_size, grads, [grads[0].sum()])
            reduce_seconds.append(time.perf_counter() - start)
    if fe.distribute.is_chief():
        print(json.dumps({"seconds_per_step": statistics.median(seconds),
                          "all_reduce_seconds": statistics.median(reduce_seconds) if reduce_seconds else 0.0}))


def launch(processes, batch_size, steps, epochs):
    """Runs `child` in `processes` processes; returns process 0's median seconds per step and of the all-reduce."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    running = []
    for rank in range(processes):
        env = dict(os.environ, KERAS_BACKEND="torch", OMP_NUM_THREADS="1", MASTER_ADDR="127.0.0.1",
                   MASTER_PORT=str(port), RANK=str(rank), WORLD_SIZE=str(processes), LOCAL_RANK=str(rank),
                   LOCAL_WORLD_SIZE=str(processes))
        running.append(subprocess.Popen([sys.executable, __file__, "--child", str(batch_size), str(steps), str(epochs)],
                                        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    outputs = [process.communicate() for process in running]
    for process, (_, stderr) in zip(running, outputs):
        if process.returncode != 0:
            raise RuntimeError(f"{processes} processes, batch {batch_size} failed:\n{stderr[-3000:]}")
    result = json.loads(outputs[0][0].strip().splitlines()[-1])
    return result["seconds_per_step"], result["all_reduce_seconds"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--steps", type=int, default=20, help="steps an epoch")
    parser.add_argument("--epochs", type=int, default=3, help="timed epochs a run")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setups = {"1 process, batch B": (1, args.batch_size), "2 processes, batch B each": (2, args.batch_size),
              "2 processes, batch B/2 each": (2, args.batch_size // 2)}
    seconds, reduce_seconds = {name: [] for name in setups}, {name: [] for name in setups}
    for _ in range(args.runs):
        for name, (processes, batch_size) in setups.items():
            step, reduce = launch(processes, batch_size, args.steps, args.epochs)
            seconds[name].append(step)
            reduce_seconds[name].append(reduce)
    median = {name: statistics.median(values) for name, values in seconds.items()}
    one = median["1 process, batch B"]
    rows = [[name, f"{1000 * median[name]:.1f}", " ".join(f"{1000 * s:.1f}" for s in seconds[name]),
             f"{median[name] / one:.3f}", f"{1000 * statistics.median(reduce_seconds[name]):.2f}"] for name in setups]
    print(f"LeNet, B={args.batch_size}, {args.steps} steps an epoch, median of {args.runs} runs (PyTorch, gloo)")
    print(common.markdown_table(["setup", "ms/step", "ms/step of each run", "ratio to 1 process",
                                 "all-reduce alone, ms"], rows))
    print(f"all-reduce path, same per-process batch: {median['2 processes, batch B each'] / one:.3f}; "
          f"same global batch: {median['2 processes, batch B/2 each'] / one:.3f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(*map(int, sys.argv[2:5]))
    else:
        main()
