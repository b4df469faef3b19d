"""PyTorch distribution: `torch.distributed` process groups (gloo on CPU, nccl on GPU), as `torchrun` starts them."""
import torch.distributed as dist


def _initialized():
    return dist.is_available() and dist.is_initialized()


def process_index():
    return dist.get_rank() if _initialized() else 0


def process_count():
    return dist.get_world_size() if _initialized() else 1


def all_gather_object(obj):
    """Every process's picklable `obj`, in process order."""
    if process_count() == 1:
        return [obj]
    gathered = [None] * process_count()
    dist.all_gather_object(gathered, obj)
    return gathered
