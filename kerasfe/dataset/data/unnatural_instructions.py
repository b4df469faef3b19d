"""Unnatural Instructions: 68478 generated instruction / input / output examples for instruction tuning."""
import os

from kerasfe.dataset.data.data_files import data_folder, fetch_unpacked

UNNATURAL_INSTRUCTIONS = "https://github.com/orhonovich/unnatural-instructions/raw/main/data/core_data.zip"


def load_data(root_dir=None):
    """Returns the path of `core_data.jsonl` (one JSON example a line), as FastEstimator's
    `unnatural_instructions.load_data`; reading it is left to the caller, as there.

    `core_data.zip` is downloaded once from https://github.com/orhonovich/unnatural-instructions into
    `<root_dir>/unnatural_instructions` (default `~/.keras/datasets/unnatural_instructions`) and extracted there;
    without network, a DataError says where to put it.

    Example:
        >>> import os, tempfile, zipfile
        >>> root = tempfile.mkdtemp(); os.makedirs(os.path.join(root, "unnatural_instructions"))
        >>> with zipfile.ZipFile(os.path.join(root, "unnatural_instructions", "core_data.zip"), "w") as file:
        ...     file.writestr("core_data.jsonl", '{"instruction": "Add the numbers."}\\n')
        >>> open(load_data(root)).read()
        '{"instruction": "Add the numbers."}\\n'
    """
    folder = data_folder(root_dir, "unnatural_instructions")
    return fetch_unpacked("unnatural_instructions.load_data", folder, "core_data.jsonl", "core_data.zip",
                          UNNATURAL_INSTRUCTIONS)
