"""PyTorch distribution: `torch.distributed` process groups (gloo on CPU, nccl on GPU), as `torchrun` starts them.

`data_parallel()` joins the process group that `torchrun --nproc_per_node N` (or `kerasfe train --nproc N`)
describes in the environment. From then on the PyTorch step keeps the DDP contract itself, so the models
stay plain Keras models: every model's weights are broadcast from process 0 once built, each UpdateOp's
gradients are averaged over the processes (one coalesced all-reduce per step) before its optimizer steps,
the logged losses are the global-batch means, and the bus values the Traces read are the whole global batch
(`reduce_step`, `gather_batches`). `data_parallel(sync_batchnorm=True)` computes every BatchNormalization's batch
statistics over the global batch (`global_moments`, as `torch.nn.SyncBatchNorm` does); without it each process
normalizes with its own batch's statistics and the moving statistics are averaged over the processes after
every step, so every process evaluates the same model.

Example:
    >>> data_parallel()  # one process (no torchrun environment): nothing to join
    >>> process_index(), process_count(), is_distributed()
    (0, 1, False)
"""
import datetime
import os
import weakref

import torch
import torch.distributed as dist

from kerasfe.errors import ConfigError, KerasfeError, PeerLostError

_settings = {"sync_batchnorm": False, "timeout": None}
_broadcast_models = weakref.WeakSet()  # the models whose weights already came from process 0


def _initialized():
    return dist.is_available() and dist.is_initialized()


def process_index():
    return dist.get_rank() if _initialized() else 0


def process_count():
    return dist.get_world_size() if _initialized() else 1


def is_distributed():
    """Whether more than one process trains (a process group of several processes is joined).

    Example:
        >>> is_distributed()
        False
    """
    return process_count() > 1


def all_gather_object(obj):
    """Every process's picklable `obj`, in process order."""
    if process_count() == 1:
        return [obj]
    gathered = [None] * process_count()
    with _collective("all_gather_object"):
        dist.all_gather_object(gathered, obj)
    return gathered


def data_parallel(backend=None, sync_batchnorm=False, timeout=300.0):
    """Joins the process group of the `torchrun` environment (MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE);
    one process (no such environment, or WORLD_SIZE=1) trains alone and nothing is joined.

    Call it at the top of the script, before the models are built; give `fe.build` / `ModelOp` the plain
    Keras models (not `DistributedDataParallel`): the step averages the gradients itself.

    Args:
        backend: the torch.distributed backend; None: "nccl" when CUDA is available (each process on the
            GPU `LOCAL_RANK`), else "gloo".
        sync_batchnorm: compute the batch statistics of every `keras.layers.BatchNormalization` over the global
            batch (one differentiable all-reduce per layer), so training equals one process on the global batch.
        timeout: seconds a collective waits for the other processes before it fails with `PeerLostError`
            (a process that died is usually noticed at once, through its closed connection).

    Example:
        >>> data_parallel(sync_batchnorm=True)  # one process: BatchNormalization's own statistics are global
        >>> process_count()
        1
    """
    world_size = int(os.environ.get("WORLD_SIZE", "1"))
    _settings.update(sync_batchnorm=bool(sync_batchnorm), timeout=float(timeout))
    if world_size == 1 or _initialized():
        return
    missing = [name for name in ("MASTER_ADDR", "MASTER_PORT", "RANK") if name not in os.environ]
    if missing:
        raise ConfigError(f"data_parallel: WORLD_SIZE={world_size} but {missing} are not set; start the script with "
                          f"`torchrun --nproc_per_node {world_size} app.py` or `kerasfe train --nproc {world_size} "
                          "app.py`, which set them")
    if backend is None:
        backend = "nccl" if torch.cuda.is_available() else "gloo"
    if backend == "nccl":
        torch.cuda.set_device(int(os.environ.get("LOCAL_RANK", "0")))
    dist.init_process_group(backend, init_method="env://", timeout=datetime.timedelta(seconds=timeout))


def model_parallel(*args, **kwargs):
    """Model parallelism is JAX only (`keras.distribution.ModelParallel`); on PyTorch it raises a ConfigError.

    Example:
        >>> model_parallel({})
        Traceback (most recent call last):
        ...
        kerasfe.errors.ConfigError: model_parallel: ...
    """
    raise ConfigError("model_parallel: sharding a model's variables over devices (keras.distribution.ModelParallel "
                      "with a LayoutMap) is supported on the JAX backend only; on PyTorch use "
                      "fe.distribute.data_parallel(), or run with KERAS_BACKEND=jax")


def sync_batchnorm():
    """Whether BatchNormalization statistics are computed over the global batch (`data_parallel(sync_batchnorm=
    True)` with several processes).

    Example:
        >>> data_parallel(sync_batchnorm=True); sync_batchnorm()  # one process: its batch is the global batch
        False
    """
    return _settings["sync_batchnorm"] and is_distributed()


class _collective:  # noqa: N801 - used as a context manager, like a function
    """Turns a failed collective into a PeerLostError that names this process and the collective."""

    def __init__(self, what):
        self.what = what

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if kind is not None and issubclass(kind, RuntimeError) and not isinstance(error, KerasfeError):
            raise PeerLostError(
                f"process {process_index()} of {process_count()}: the {self.what} across the training processes "
                f"failed, so another process died or did not answer within the timeout of data_parallel "
                f"({_settings['timeout']} s): {error}") from error
        return False


def _flat(tensors, dtype):
    return torch.cat([t.reshape(-1).to(dtype) for t in tensors]) if tensors else torch.zeros(0, dtype=dtype)


def _unflat(flat, like):
    pieces, start = [], 0
    for tensor in like:
        pieces.append(flat[start:start + tensor.numel()].reshape(tensor.shape).to(tensor.dtype))
        start += tensor.numel()
    return pieces


def broadcast_new_models(models):
    """Copies the weights (trainable and not) of every built model not copied before from process 0 to every
    process (once per model, as DistributedDataParallel does when it wraps a model)."""
    new = [model for model in models if model.built and model not in _broadcast_models]
    if not new or not is_distributed():
        return
    variables = [v for model in new for v in model.weights]
    for dtype in dict.fromkeys(v.value.dtype for v in variables):
        same = [v for v in variables if v.value.dtype == dtype]
        flat = _flat([v.value.detach() for v in same], dtype)
        with _collective("broadcast of the initial weights"):
            dist.broadcast(flat, src=0)
        for variable, value in zip(same, _unflat(flat, [v.value for v in same])):
            variable.assign(value)
    _broadcast_models.update(new)


def reduce_step(batch_size, grads=(), means=(), averaged_variables=()):
    """One all-reduce of a step: returns the gradients averaged over the global batch, the scalars `means`
    (per-process batch means: losses) as global-batch means, and assigns each of `averaged_variables` (the
    moving statistics of BatchNormalization layers) its mean over the processes.

    Each process weighs its values by its `batch_size`, so processes with fewer samples count less, as one
    process on the global batch would. `grads` may hold None (a variable the loss does not reach).

    Example (a group of one process, whose means are its own):
        >>> dist.init_process_group("gloo", store=dist.HashStore(), rank=0, world_size=1)
        >>> grads, means = reduce_step(4, [torch.ones(2), None], [torch.tensor(0.5)])
        >>> grads[0].tolist(), grads[1], means[0].item()
        ([1.0, 1.0], None, 0.5)
        >>> gather_batches([torch.arange(3)])[0].tolist()  # process 0's rows, then process 1's, ...
        [0, 1, 2]
        >>> [moment.tolist() for moment in global_moments(torch.tensor([[1.0], [3.0]]), None, [0])]
        [[2.0], [1.0]]
        >>> dist.destroy_process_group()
    """
    present = [g for g in grads if g is not None]
    values = present + list(means) + [v.value for v in averaged_variables]
    if not values:
        return list(grads), []
    dtype = torch.float32
    for value in values:
        dtype = torch.promote_types(dtype, value.dtype)
    weight = torch.tensor([float(batch_size)], dtype=dtype, device=values[0].device)
    flat = torch.cat([_flat(values, dtype) * weight, weight])
    with _collective("all-reduce of the step's gradients and losses"):
        dist.all_reduce(flat)
    flat = flat[:-1] / flat[-1]
    reduced = _unflat(flat, values)
    grads_out = iter(reduced[:len(present)])
    reduced_means = reduced[len(present):len(present) + len(means)]
    for variable, value in zip(averaged_variables, reduced[len(present) + len(means):]):
        variable.assign(value)
    return [None if g is None else next(grads_out) for g in grads], reduced_means


def gather_batches(values):
    """The whole global batch of each of `values` (bus values): every process's value concatenated along the
    batch axis in process order (the processes' batches may differ in size)."""
    if not values:
        return []
    count = process_count()
    sizes = torch.zeros((count, len(values)), dtype=torch.int64, device=values[0].device)
    sizes[process_index()] = torch.tensor([v.shape[0] for v in values], dtype=torch.int64)
    with _collective("all-reduce of the bus value sizes"):
        dist.all_reduce(sizes)
    return [_gather(value, column) for value, column in zip(values, sizes.T.tolist())]


def _gather(value, sizes):
    sendable = value.to(torch.uint8) if value.dtype == torch.bool else value.contiguous()
    padded = torch.zeros((max(sizes),) + tuple(value.shape[1:]), dtype=sendable.dtype, device=value.device)
    padded[:value.shape[0]] = sendable
    pieces = [torch.empty_like(padded) for _ in sizes]
    with _collective("all-gather of the bus values"):
        dist.all_gather(pieces, padded)
    return torch.cat([piece[:size] for piece, size in zip(pieces, sizes)]).to(value.dtype)


def global_moments(inputs, mask, axes):
    """The mean and variance of `inputs` over `axes` and over every process's batch (masked entries left out),
    differentiable through the all-reduce, so each process's gradients include its samples' effect on the
    statistics of the others (what `torch.nn.SyncBatchNorm` computes)."""
    x = inputs.to(torch.float32) if inputs.dtype == torch.float16 else inputs
    axes = [axis % x.dim() for axis in axes]
    weights = torch.ones_like(x) if mask is None else torch.broadcast_to(mask.unsqueeze(-1), x.shape).to(x.dtype)
    sums = [torch.sum(weights * x, dim=axes), torch.sum(weights * x * x, dim=axes), torch.sum(weights, dim=axes)]
    with _collective("all-reduce of the BatchNormalization statistics"):
        total = _GlobalSum.apply(torch.stack(sums))
    mean = total[0] / total[2]
    variance = total[1] / total[2] - torch.square(mean)
    return mean.to(inputs.dtype), variance.to(inputs.dtype)


class _GlobalSum(torch.autograd.Function):
    """The sum over the processes, differentiable: every process's output depends on every process's input,
    so the gradient of an input is the sum over the processes of the output's gradients."""

    @staticmethod
    def forward(ctx, tensor):
        total = tensor.clone()
        dist.all_reduce(total)
        return total

    @staticmethod
    def backward(ctx, grad):
        total = grad.clone()
        dist.all_reduce(total)
        return total


def moving_statistics(models):
    """The moving mean and variance variables of every trainable BatchNormalization layer in `models`.

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.BatchNormalization(name="bn")], name="m")
        >>> [variable.path for variable in moving_statistics([model])]
        ['m/bn/moving_mean', 'm/bn/moving_variance']
    """
    return [v for model in models if model.trainable for v in model.non_trainable_weights
            if v.path.rsplit("/", 1)[-1] in ("moving_mean", "moving_variance")]

