"""FastEstimator's `fe.util` helpers that a script may call (containers, names, timing, silencing, devices,
padding), with FastEstimator's names and arguments.

Example:
    >>> from kerasfe.util import to_list, param_to_range
    >>> to_list("x"), param_to_range(0.5)
    (['x'], (-0.5, 0.5))
"""
from kerasfe.util.base_util import (DefaultKeyDict, FEID, Flag, IfElse, LogSplicer, NonContext, check_ds_id,
                                    check_io_names, filter_nones, get_colors, get_shape, get_type, in_notebook,
                                    is_number, list_files, param_to_range, parse_modes, prettify_metric_name,
                                    strip_prefix, strip_suffix, to_list, to_set, warn)
from kerasfe.util.data import Data
from kerasfe.util.display import BatchDisplay, Display, GridDisplay, ImageDisplay, SummaryDisplay
from kerasfe.util.util import (Suppressor, Timer, cpu_count, detach_tensors, get_batch_size, get_num_devices,
                               get_num_gpus, is_valid_file, pad_batch, pad_data, parse_string_to_python, to_number)

__all__ = ["BatchDisplay", "Data", "DefaultKeyDict", "Display", "FEID", "Flag", "GridDisplay", "IfElse", "ImageDisplay",
           "LogSplicer", "NonContext", "SummaryDisplay", "Suppressor", "Timer", "check_ds_id", "check_io_names",
           "cpu_count", "detach_tensors", "filter_nones", "get_batch_size", "get_colors", "get_num_devices",
           "get_num_gpus", "get_shape", "get_type", "in_notebook", "is_number", "is_valid_file", "list_files",
           "pad_batch", "pad_data", "param_to_range", "parse_modes", "parse_string_to_python", "prettify_metric_name",
           "strip_prefix", "strip_suffix", "to_list", "to_number", "to_set", "warn"]
