"""Omniglot: 1623 handwritten characters of 50 alphabets, 20 drawings each, for one-shot learning."""

from kerasfe.dataset.data.data_files import data_folder, fetch_unpacked
from kerasfe.dataset.siamese_dir_dataset import SiameseDirDataset

_ORIGIN = "https://github.com/brendenlake/omniglot/raw/master/python/"


def load_data(root_dir=None):
    """Returns (train, eval) SiameseDirDatasets {"x_a", "x_b": .png paths, "y": 1 same character / 0 not} of
    the 30 background and the 20 evaluation alphabets, as FastEstimator's `omniglot.load_data`. A class is one
    character (the folder `<alphabet>/<character>` holding its drawings).

    `images_background.zip` and `images_evaluation.zip` are downloaded once from
    https://github.com/brendenlake/omniglot into `<root_dir>/Omniglot` (default `~/.keras/datasets/Omniglot`) and
    extracted there; without network, a DataError says where to put them.

    Example:
        >>> import os, tempfile
        >>> root = tempfile.mkdtemp()
        >>> for part in ("images_background", "images_evaluation"):
        ...     for character in ("character01", "character02"):
        ...         os.makedirs(os.path.join(root, "Omniglot", part, "Greek", character))
        ...         _ = open(os.path.join(root, "Omniglot", part, "Greek", character, "1.png"), "w").write("")
        >>> train, evaluation = load_data(root_dir=root)
        >>> sorted(train.label_mapping.values()), len(evaluation)
        ([0, 1], 2)
    """
    folder = data_folder(root_dir, "Omniglot")
    return tuple(SiameseDirDataset(fetch_unpacked("omniglot.load_data", folder, part, f"{part}.zip",
                                                  f"{_ORIGIN}{part}.zip"))
                 for part in ("images_background", "images_evaluation"))
