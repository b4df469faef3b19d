"""DirDataset and LabeledDirDataset: the files of a folder (tree) as samples of file paths."""
import os

import numpy as np

from kerasfe.dataset.numpy_dataset import NumpyDataset
from kerasfe.errors import ConfigError


def _list_files(root_dir, file_extension, recursive):
    if not os.path.isdir(root_dir):
        raise ConfigError(f"'{root_dir}' is not a folder")
    found = []
    for folder, subfolders, files in os.walk(root_dir):
        subfolders.sort()
        found += [os.path.join(folder, name) for name in sorted(files)
                  if not name.startswith(".") and (file_extension is None or name.endswith(file_extension))]
        if not recursive:
            break
    return found


class DirDataset(NumpyDataset):
    """One sample {data_key: path} per file under `root_dir` (sorted), optionally only `file_extension` files.

    Example:
        >>> import os, tempfile
        >>> root = tempfile.mkdtemp()
        >>> for name in ("b.png", "a.png", "notes.txt"):
        ...     _ = open(os.path.join(root, name), "w").write("")
        >>> [os.path.basename(str(s["x"])) for s in DirDataset(root, file_extension=".png")]
        ['a.png', 'b.png']
    """

    def __init__(self, root_dir, data_key="x", file_extension=None, recursive_search=True):
        files = _list_files(root_dir, file_extension, recursive_search)
        if not files:
            raise ConfigError(f"DirDataset: no files{'' if file_extension is None else ' ending ' + file_extension} "
                              f"under '{root_dir}'")
        super().__init__({data_key: np.array(files)})


class LabeledDirDataset(NumpyDataset):
    """One sample {data_key: path, label_key: class index} per file, its class the folder holding it: as in
    FastEstimator, the folder's path relative to `root_dir` (`root_dir/alphabet/letter/1.png` is of class
    `alphabet/letter`; files directly in `root_dir` are of class "").

    Class indices follow the sorted class names unless `label_mapping` ({class name: index}) is given;
    `label_mapping` and `class_names` (index -> name) are kept on the data set.

    Example:
        >>> import os, tempfile
        >>> root = tempfile.mkdtemp()
        >>> for label in ("dog", "cat", os.path.join("cat", "kitten")):
        ...     os.makedirs(os.path.join(root, label), exist_ok=True)
        ...     _ = open(os.path.join(root, label, "1.png"), "w").write("")
        >>> data = LabeledDirDataset(root)
        >>> data.label_mapping == {"cat": 0, os.path.join("cat", "kitten"): 1, "dog": 2}, [int(s["y"]) for s in data]
        (True, [0, 1, 2])
    """

    def __init__(self, root_dir, data_key="x", label_key="y", label_mapping=None, file_extension=None):
        if not os.path.isdir(root_dir):
            raise ConfigError(f"LabeledDirDataset: '{root_dir}' is not a folder")
        classes = {}
        for path in _list_files(root_dir, file_extension, recursive=True):
            folder = os.path.relpath(os.path.dirname(path), root_dir)
            classes.setdefault("" if folder == os.curdir else folder, []).append(path)
        if not classes:
            raise ConfigError(f"LabeledDirDataset: no files in the class folders of '{root_dir}'")
        self.label_mapping = label_mapping or {name: index for index, name in enumerate(sorted(classes))}
        unknown = sorted(set(classes) - set(self.label_mapping))
        if unknown:
            raise ConfigError(f"LabeledDirDataset: folders {unknown} have no entry in label_mapping "
                              f"{self.label_mapping}")
        names = sorted(classes)
        paths = [path for name in names for path in classes[name]]
        labels = [self.label_mapping[name] for name in names for _ in classes[name]]
        self.class_names = {index: name for name, index in self.label_mapping.items()}
        super().__init__({data_key: np.array(paths), label_key: np.array(labels, "int64")})
