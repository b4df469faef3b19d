"""SiameseDirDataset: pairs of files from class folders, labelled 1 when both come from the same class."""
import numpy as np

from kerasfe.dataset.dir_dataset import LabeledDirDataset
from kerasfe.dataset.numpy_dataset import NumpyDataset
from kerasfe.errors import ConfigError


class SiameseDirDataset(LabeledDirDataset):
    """Reads `root_dir/<class>/<file>` like LabeledDirDataset and gives pairs (FastEstimator's SiameseDirDataset):
    sample i is file i as `data_key_left`, another file as `data_key_right`, and `label_key` 1 when that one was
    drawn from the same class (with probability `percent_matching_data`), else 0 (from another class). One epoch
    visits every file once on the left. `split` moves whole classes (its sizes count classes). The partner is
    drawn from numpy's global generator, as in FastEstimator (`np.random.seed` fixes it).

    Args:
        root_dir: the folder of class folders.
        data_key_left, data_key_right, label_key: the keys of a sample.
        percent_matching_data: the probability of a same-class pair.
        label_mapping: {folder name: class id} (default: sorted folder names -> 0, 1, ...).
        file_extension: only files ending so (None: all).

    Example:
        >>> import os, tempfile
        >>> root = tempfile.mkdtemp()
        >>> for name in ("a", "b"):
        ...     os.makedirs(os.path.join(root, name))
        ...     for index in range(2):
        ...         _ = open(os.path.join(root, name, f"{index}.png"), "w").write("")
        >>> data = SiameseDirDataset(root, percent_matching_data=1.0)
        >>> sample = data[0]
        >>> len(data), int(sample["y"]), os.path.dirname(str(sample["x_a"])) == os.path.dirname(str(sample["x_b"]))
        (4, 1, True)
    """

    def __init__(self, root_dir, data_key_left="x_a", data_key_right="x_b", label_key="y", percent_matching_data=0.5,
                 label_mapping=None, file_extension=None):
        super().__init__(root_dir, data_key_left, label_key, label_mapping, file_extension)
        if not 0.0 <= percent_matching_data <= 1.0:
            raise ConfigError(f"SiameseDirDataset: percent_matching_data must be in [0, 1]; got {percent_matching_data}")
        self.data_key_left, self.data_key_right, self.label_key = data_key_left, data_key_right, label_key
        self.percent_matching_data = percent_matching_data
        self.class_data = self.classes()

    def classes(self):
        """{class id: the indices of its files}, in class order.

        Example:
            >>> import os, tempfile
            >>> root = tempfile.mkdtemp()
            >>> for name, count in (("a", 1), ("b", 2)):
            ...     os.makedirs(os.path.join(root, name))
            ...     for index in range(count):
            ...         _ = open(os.path.join(root, name, f"{index}.png"), "w").write("")
            >>> SiameseDirDataset(root).classes()
            {0: [0], 1: [1, 2]}
        """
        labels = self.data[self.label_key]
        return {int(label): np.flatnonzero(labels == label).tolist() for label in np.unique(labels)}

    def _sample(self, index):
        label = int(self.data[self.label_key][index])
        same = [i for i in self.class_data[label] if i != index]
        others = [c for c in self.class_data if c != label]
        if not others or (same and np.random.uniform(0, 1) < self.percent_matching_data):
            partner, match = (int(np.random.choice(same)) if same else index), 1
        else:
            partner, match = int(np.random.choice(self.class_data[int(np.random.choice(others))])), 0
        return {self.data_key_left: self.data[self.data_key_left][index],
                self.data_key_right: self.data[self.data_key_left][partner], self.label_key: np.int64(match)}

    def split(self, *fractions, seed=None, stratify=None):
        """Moves whole classes into new data sets: each argument is a fraction or a count of classes, or a list of
        class positions (in class order). Returns one data set, or a list for several arguments."""
        if stratify is not None:
            raise ConfigError("SiameseDirDataset.split moves whole classes, so it cannot stratify")
        class_ids = sorted(self.class_data)
        picker = NumpyDataset({"class": np.arange(len(class_ids))})
        parts = picker.split(*fractions, seed=seed)
        parts = parts if len(fractions) > 1 else [parts]
        splits = []
        for part in parts:
            rows = [row for position in part["class"].tolist() for row in self.class_data[class_ids[position]]]
            subset = self._subset(np.asarray(rows, "int64"))
            subset.class_data = subset.classes()
            splits.append(subset)
        kept = [row for position in picker["class"].tolist() for row in self.class_data[class_ids[position]]]
        self._keep(np.asarray(kept, "int64"))
        self.class_data = self.classes()
        return splits[0] if len(splits) == 1 else splits

    def one_shot_trial(self, n):
        """Two lists of `n` left-key values for a one-shot test: the first repeats one file of a class; the second
        holds another file of that class, then one file of each of `n - 1` other classes.

        Example:
            >>> import os, tempfile
            >>> root = tempfile.mkdtemp()
            >>> for name in ("a", "b", "c"):
            ...     os.makedirs(os.path.join(root, name))
            ...     for index in range(2):
            ...         _ = open(os.path.join(root, name, f"{index}.png"), "w").write("")
            >>> same, candidates = SiameseDirDataset(root).one_shot_trial(3)
            >>> len(set(map(str, same))), len({os.path.dirname(str(path)) for path in candidates})
            (1, 3)
        """
        if not 1 < n <= len(self.class_data):
            raise ConfigError(f"SiameseDirDataset.one_shot_trial: n must be in [2, {len(self.class_data)}] (the "
                              f"number of classes); got {n}")
        classes = np.random.choice(list(self.class_data), size=n, replace=False)
        first = self.class_data[int(classes[0])]
        if len(first) < 2:
            raise ConfigError(f"SiameseDirDataset.one_shot_trial: class {int(classes[0])} has one file; each class "
                              "needs two")
        base = np.random.choice(first, size=2, replace=False)
        paths = self.data[self.data_key_left]
        others = [paths[int(np.random.choice(self.class_data[int(c)]))] for c in classes[1:]]
        return [paths[int(base[0])]] * n, [paths[int(base[1])]] + others
