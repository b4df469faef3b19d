"""Food-101: 101000 images of 101 dishes, 750 train and 250 test images per dish."""
import os
import random

from kerasfe.dataset.csv_dataset import CSVDataset
from kerasfe.dataset.data.data_files import data_folder, fetch_unpacked, write_csv


def load_data(root_dir=None):
    """Returns (train, test) CSVDatasets {"image": "food-101/images/<dish>/<id>.jpg", "label": int64}, the
    paths relative to the CSVs' folder (`parent_path`), as FastEstimator's `food101.load_data`.

    `food-101.tar.gz` is downloaded once from http://data.vision.ee.ethz.ch/cvl/food-101.tar.gz into
    `<root_dir>/Food_101` (default `~/.keras/datasets/Food_101`) and extracted there; without network, a
    DataError says where to put it. Labels follow `food-101/meta/classes.txt`; the splits follow
    `meta/train.txt` and `meta/test.txt`. The first call writes `train.csv` and `test.csv`, each in a random
    order (Python's `random`, as FastEstimator), which later calls read back.

    Example:
        >>> import os, tempfile
        >>> root = tempfile.mkdtemp(); meta = os.path.join(root, "Food_101", "food-101", "meta")
        >>> os.makedirs(meta)
        >>> for name, text in (("classes", "apple_pie\\nbaklava"), ("train", "baklava/12"), ("test", "apple_pie/3")):
        ...     _ = open(os.path.join(meta, f"{name}.txt"), "w").write(text)
        >>> train, test = load_data(root_dir=root)
        >>> str(train[0]["image"]), int(train[0]["label"]), int(test[0]["label"])
        ('food-101/images/baklava/12.jpg', 1, 0)
    """
    folder = data_folder(root_dir, "Food_101")
    fetch_unpacked("food101.load_data", folder, "food-101", "food-101.tar.gz",
                   "http://data.vision.ee.ethz.ch/cvl/food-101.tar.gz")
    meta = os.path.join(folder, "food-101", "meta")
    with open(os.path.join(meta, "classes.txt")) as file:
        labels = {name: index for index, name in enumerate(file.read().split())}
    datasets = []
    for split in ("train", "test"):
        csv_path = os.path.join(folder, f"{split}.csv")
        if not os.path.exists(csv_path):
            with open(os.path.join(meta, f"{split}.txt")) as file:
                images = file.read().split()
            random.shuffle(images)
            write_csv(csv_path, ["image", "label"],
                      [(f"food-101/images/{image}.jpg", labels[image.split("/")[0]]) for image in images])
        datasets.append(CSVDataset(csv_path))
    return tuple(datasets)
