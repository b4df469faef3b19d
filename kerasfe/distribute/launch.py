"""Starting N training processes on this host (what `kerasfe train --nproc N app.py` runs): free ports on
127.0.0.1, the environment each backend's engine reads, every process's output prefixed by its rank, and, when a
process dies, the others stopped and an error naming the rank that died.

Nothing here imports Keras or a backend, so the launching process stays light.
"""
import contextlib
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time

from kerasfe.errors import ConfigError, KerasfeError

BACKENDS = ("tensorflow", "jax", "torch")


class LaunchError(KerasfeError, RuntimeError):
    """A launched process failed (or the run outlived its timeout); the others were stopped.

    `rank` is the process that failed (None on a timeout) and `returncode` its exit status (negative: the signal
    that killed it).

    Example:
        >>> error = LaunchError("rank 1 of 2 was killed by SIGKILL", rank=1, returncode=-9)
        >>> error.rank, error.returncode, str(error)
        (1, -9, 'rank 1 of 2 was killed by SIGKILL')
    """

    def __init__(self, message, rank=None, returncode=None):
        super().__init__(message)
        self.rank, self.returncode = rank, returncode


def launch(command, nproc, backend=None, env=None, timeout=None, grace=10.0, output=None):
    """Runs `command` (a list of arguments, e.g. `[sys.executable, "app.py"]`) in `nproc` processes on this host
    and waits for them, with the environment of `process_environment` (each backend's standard variables plus
    KERASFE_NUM_PROCESSES / KERASFE_PROCESS_ID), so `fe.distribute.data_parallel()` in the script joins them.

    Each line a process prints goes to `output` (default: sys.stdout) as `[rank i] line`. When a process exits
    with a non-zero status, or `timeout` seconds pass, every other process is stopped (SIGTERM, then SIGKILL
    after `grace` seconds) and a `LaunchError` names the rank and its exit status or signal.

    Args:
        command: the program and its arguments, run by every process.
        nproc: how many processes (an int >= 1).
        backend: the Keras backend (default: KERAS_BACKEND, else Keras's configured backend).
        env: the base environment (default: this process's).
        timeout: seconds the whole run may take (None: no limit).
        grace: seconds a stopped process gets to exit before it is killed.
        output: a text stream for the processes' output.

    Example:
        >>> import io, sys
        >>> log = io.StringIO()
        >>> launch([sys.executable, "-c", "import os; print('id', os.environ['KERASFE_PROCESS_ID'])"], nproc=2,
        ...        backend="torch", output=log)
        >>> sorted(log.getvalue().splitlines())
        ['[rank 0] id 0', '[rank 1] id 1']
        >>> launch([sys.executable, "-c", "import os, sys; sys.exit(int(os.environ['RANK']) * 3)"], nproc=2,
        ...        backend="torch", output=log)
        Traceback (most recent call last):
        ...
        kerasfe.distribute.launch.LaunchError: rank 1 of 2 exited with status 3; the other processes were stopped
    """
    if not isinstance(nproc, int) or isinstance(nproc, bool) or nproc < 1:
        raise ConfigError(f"launch: nproc must be an int >= 1 (the number of processes); got {nproc!r}")
    backend = backend or (env or os.environ).get("KERAS_BACKEND") or _configured_backend()
    base = dict(os.environ if env is None else env, PYTHONUNBUFFERED="1")
    ports = free_ports(nproc if backend == "tensorflow" else 1)
    output = sys.stdout if output is None else output
    lock, processes, relays = threading.Lock(), [], []
    try:
        for rank in range(nproc):
            process = subprocess.Popen(list(command), env={**base, **process_environment(backend, nproc, rank, ports)},
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
            processes.append(process)
            relay = threading.Thread(target=_relay, args=(rank, process.stdout, output, lock), daemon=True)
            relay.start()
            relays.append(relay)
        _wait(processes, timeout)
    finally:
        _stop(processes, grace)
        for relay in relays:
            relay.join(timeout=grace)


def process_environment(backend, nproc, rank, ports):
    """The variables process `rank` of `nproc` gets: KERAS_BACKEND, KERASFE_NUM_PROCESSES, KERASFE_PROCESS_ID and
    the backend's own (JAX: what `keras.distribution.initialize` reads; TensorFlow: TF_CONFIG with one worker per
    port of `ports`; PyTorch: what `torchrun` sets, the master on the first port).

    Example:
        >>> process_environment("jax", 2, 1, [5000])["KERAS_DISTRIBUTION_JOB_ADDRESSES"]
        '127.0.0.1:5000'
        >>> process_environment("tensorflow", 2, 1, [5000, 5001])["TF_CONFIG"]
        '{"cluster": {"worker": ["127.0.0.1:5000", "127.0.0.1:5001"]}, "task": {"type": "worker", "index": 1}}'
        >>> {key: value for key, value in process_environment("torch", 2, 1, [5000]).items() if "RANK" in key}
        {'RANK': '1', 'LOCAL_RANK': '1'}
    """
    if backend not in BACKENDS:
        raise ConfigError(f"launch: backend must be one of {list(BACKENDS)}; got {backend!r}")
    variables = {"KERAS_BACKEND": backend, "KERASFE_NUM_PROCESSES": str(nproc), "KERASFE_PROCESS_ID": str(rank)}
    if backend == "jax":
        variables.update(KERAS_DISTRIBUTION_JOB_ADDRESSES=f"127.0.0.1:{ports[0]}",
                         KERAS_DISTRIBUTION_NUM_PROCESSES=str(nproc), KERAS_DISTRIBUTION_PROCESS_ID=str(rank))
    elif backend == "tensorflow":
        cluster = {"cluster": {"worker": [f"127.0.0.1:{port}" for port in ports]},
                   "task": {"type": "worker", "index": rank}}
        variables["TF_CONFIG"] = json.dumps(cluster)
    else:
        variables.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(ports[0]), RANK=str(rank), WORLD_SIZE=str(nproc),
                         LOCAL_RANK=str(rank), LOCAL_WORLD_SIZE=str(nproc))
    return variables


def free_ports(count):
    """`count` distinct TCP ports on 127.0.0.1 that were free a moment ago.

    Example:
        >>> ports = free_ports(3)
        >>> len(set(ports)), all(1024 <= port < 65536 for port in ports)
        (3, True)
    """
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def describe_exit(returncode):
    """How a process ended, in words.

    Example:
        >>> describe_exit(3), describe_exit(-9)
        ('exited with status 3', 'was killed by SIGKILL')
    """
    if returncode < 0:
        with contextlib.suppress(ValueError):
            return f"was killed by {signal.Signals(-returncode).name}"
        return f"was killed by signal {-returncode}"
    return f"exited with status {returncode}"


def _wait(processes, timeout):
    """Waits for every process; raises on the first one (in the order they end) that fails, or on the timeout."""
    ended = queue.Queue()
    for rank, process in enumerate(processes):
        threading.Thread(target=lambda rank=rank, process=process: ended.put((rank, process.wait())),
                         daemon=True).start()
    deadline = None if timeout is None else time.monotonic() + timeout
    for _ in processes:
        try:
            rank, code = ended.get(timeout=None if deadline is None else max(deadline - time.monotonic(), 0))
        except queue.Empty:
            running = [rank for rank, process in enumerate(processes) if process.poll() is None]
            raise LaunchError(f"the {len(processes)} processes outlived the timeout of {timeout} s (ranks {running} "
                              "were still running); they were stopped") from None
        if code != 0:
            raise LaunchError(f"rank {rank} of {len(processes)} {describe_exit(code)}; the other processes "
                              "were stopped", rank=rank, returncode=code)


def _stop(processes, grace):
    """Stops every process still running (and the processes it started): SIGTERM, then SIGKILL after `grace` s."""
    running = [process for process in processes if process.poll() is None]
    for process in running:
        _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for process in running:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(deadline - time.monotonic(), 0))
        if process.poll() is None:
            _signal_group(process, signal.SIGKILL)
            process.wait()


def _signal_group(process, signum):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def _relay(rank, stream, output, lock):
    for line in iter(stream.readline, b""):
        with lock:
            output.write(f"[rank {rank}] {line.decode(errors='replace').rstrip()}\n")
            output.flush()
    stream.close()


def _configured_backend():
    import keras
    return keras.backend.backend()
