"""Caltech-UCSD Birds 200 (CUB-200): 6033 bird images of 200 species, with segmentation annotations (.mat)."""
import os
import random

from kerasfe.dataset.csv_dataset import CSVDataset
from kerasfe.dataset.data.data_files import GOOGLE_DRIVE, data_folder, fetch_unpacked, write_csv


def load_data(root_dir=None):
    """Returns a CSVDataset {"image": image path, "label": int64 class, "annotation": .mat path}, the paths
    relative to the CSV's folder (`parent_path`), as FastEstimator's `cub200.load_data`.

    `images.tgz` and `annotations.tgz` are downloaded once from Google Drive into `<root_dir>/CUB200` (default
    `~/.keras/datasets/CUB200`) and extracted there (`images/<class>/*.jpg`, `annotations-mat/<class>/*.mat`);
    without network, a DataError says where to put them. The first call writes `cub200.csv`, in a random order
    (Python's `random`, as FastEstimator), which later calls read back. Classes are numbered in sorted folder
    order (FastEstimator numbers them in `os.listdir` order, which is the file system's). As in FastEstimator the
    annotation path is the image path with every "images" replaced by "annotations-mat" and every "jpg" by "mat".
    See http://www.vision.caltech.edu/visipedia/CUB-200.html.

    Example:
        >>> import os, tempfile
        >>> root = tempfile.mkdtemp()
        >>> for folder in ("images/002.Laysan_Albatross", "images/001.Black_footed_Albatross", "annotations-mat"):
        ...     os.makedirs(os.path.join(root, "CUB200", folder))
        >>> _ = open(os.path.join(root, "CUB200", "images/002.Laysan_Albatross/a.jpg"), "w").write("")
        >>> data = load_data(root_dir=root)
        >>> str(data[0]["image"]), int(data[0]["label"]), str(data[0]["annotation"])
        ('images/002.Laysan_Albatross/a.jpg', 1, 'annotations-mat/002.Laysan_Albatross/a.mat')
    """
    folder = data_folder(root_dir, "CUB200")
    csv_path = os.path.join(folder, "cub200.csv")
    for extracted, archive, file_id in (("images", "images.tgz", "1GDr1OkoXdhaXWGA8S3MAq3a522Tak-nx"),
                                        ("annotations-mat", "annotations.tgz", "16NsbTpMs5L6hT4hUJAmpW2u7wH326WTR")):
        fetch_unpacked("cub200.load_data", folder, extracted, archive, GOOGLE_DRIVE + file_id)
    if not os.path.exists(csv_path):
        image_folder = os.path.join(folder, "images")
        classes = sorted(name for name in os.listdir(image_folder) if not name.startswith("._"))
        rows = []
        for label, name in enumerate(classes):
            for image in sorted(os.listdir(os.path.join(image_folder, name))):
                if not image.startswith("._"):
                    path = os.path.normpath(os.path.join("images", name, image))
                    rows.append((path, label, path.replace("images", "annotations-mat").replace("jpg", "mat")))
        random.shuffle(rows)
        write_csv(csv_path, ["image", "label", "annotation"], rows)
    return CSVDataset(csv_path)
