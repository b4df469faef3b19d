"""Mendeley chest X-rays (Kermany et al., 2018): 5856 pediatric chest X-rays, normal or pneumonia."""
import os

from kerasfe.dataset.data.data_files import data_folder, fetch_unpacked
from kerasfe.dataset.dir_dataset import LabeledDirDataset

_URL = "https://data.mendeley.com/public-files/datasets/rscbjbr9sj/files/f12eaf6d-6023-432f-acc9-80c9d7393433/" \
       "file_downloaded"
_USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/" \
              "70.0.3538.77 Safari/537.36"


def load_data(root_dir=None):
    """Returns (train, test) LabeledDirDatasets {"x": .jpeg path, "y": 0 NORMAL / 1 PNEUMONIA}, as
    FastEstimator's `mendeley.load_data`.

    `ChestXRay2017.zip` is downloaded once from Mendeley Data (http://dx.doi.org/10.17632/rscbjbr9sj.2, CC BY
    4.0; a browser User-Agent is sent, the site refuses others) into `<root_dir>/Mendeley` (default
    `~/.keras/datasets/Mendeley`) and its `chest_xray/` extracted there (the macOS litter beside it is skipped);
    without network, a DataError says where to put it.

    Example:
        >>> import os, tempfile
        >>> root = tempfile.mkdtemp()
        >>> for split, label in (("train", "PNEUMONIA"), ("test", "NORMAL")):
        ...     os.makedirs(os.path.join(root, "Mendeley", "chest_xray", split, label))
        ...     _ = open(os.path.join(root, "Mendeley", "chest_xray", split, label, "1.jpeg"), "w").write("")
        >>> train, test = load_data(root_dir=root)
        >>> int(train[0]["y"]), int(test[0]["y"])
        (1, 0)
    """
    folder = data_folder(root_dir, "Mendeley")
    extracted = fetch_unpacked("mendeley.load_data", folder, "chest_xray", "ChestXRay2017.zip", _URL,
                               prefix="chest_xray/", headers={"User-Agent": _USER_AGENT})
    return tuple(LabeledDirDataset(os.path.join(extracted, split), label_mapping={"NORMAL": 0, "PNEUMONIA": 1},
                                   file_extension=".jpeg") for split in ("train", "test"))
