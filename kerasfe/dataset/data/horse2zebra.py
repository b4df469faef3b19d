"""horse2zebra (CycleGAN): unpaired horse (A) and zebra (B) photos, 1067 / 1334 train and 120 / 140 test."""
import os

from kerasfe.dataset.batch_dataset import BatchDataset
from kerasfe.dataset.data.data_files import data_folder, download, unpack
from kerasfe.dataset.dir_dataset import DirDataset


def load_data(batch_size, root_dir=None):
    """Returns (train, eval) BatchDatasets whose batches pair `batch_size` horse paths {"A"} with `batch_size`
    zebra paths {"B"} (unpaired samples merged row by row), as FastEstimator's `horse2zebra.load_data`.

    `horse2zebra.zip` is downloaded once from
    http://efrosgans.eecs.berkeley.edu/cyclegan/datasets/horse2zebra.zip into `<root_dir>/horse2zebra` (default
    `~/.keras/datasets/horse2zebra`) and extracted there, its `horse2zebra/` folder renamed `images/`
    ({trainA, trainB, testA, testB}/*.jpg); without network, a DataError says where to put it.

    Example:
        >>> import os, tempfile
        >>> root = tempfile.mkdtemp()
        >>> for part in ("trainA", "trainB", "testA", "testB"):
        ...     os.makedirs(os.path.join(root, "horse2zebra", "images", part))
        ...     _ = open(os.path.join(root, "horse2zebra", "images", part, f"{part}_1.jpg"), "w").write("")
        >>> train, test = load_data(batch_size=4, root_dir=root)
        >>> train.num_samples, [os.path.basename(str(d[0]["B"])) for d in test.datasets[1:]]
        ([4, 4], ['testB_1.jpg'])
    """
    folder = data_folder(root_dir, "horse2zebra")
    images = os.path.join(folder, "images")
    if not os.path.exists(images):
        unpack(download("horse2zebra.load_data", "http://efrosgans.eecs.berkeley.edu/cyclegan/datasets/horse2zebra.zip",
                        os.path.join(folder, "horse2zebra.zip")), folder)
        os.rename(os.path.join(folder, "horse2zebra"), images)
    return tuple(BatchDataset(datasets=[DirDataset(os.path.join(images, f"{split}{side}"), data_key=side,
                                                   file_extension=".jpg", recursive_search=False)
                                        for side in ("A", "B")], num_samples=[batch_size, batch_size])
                 for split in ("train", "test"))
