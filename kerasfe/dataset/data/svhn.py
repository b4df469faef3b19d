"""SVHN (format 1): 33402 train and 13068 test Street View house-number photos with a box and label per digit."""
import os
import pickle

import h5py

from kerasfe.atomic_file import atomic_open
from kerasfe.dataset.data.data_files import data_folder, fetch_unpacked
from kerasfe.dataset.pickle_dataset import PickleDataset
from kerasfe.errors import DataError

SVHN = "http://ufldl.stanford.edu/housenumbers/"
BOX_FIELDS = {"label": "label", "x1": "left", "y1": "top", "width": "width", "height": "height"}


def _values(hdf5, dataset):
    """The numbers of one digitStruct bbox field: stored inline when the image has one digit, else as references
    to one (1, 1) dataset per digit."""
    if h5py.check_dtype(ref=dataset.dtype) is not None:
        return [int(hdf5[ref][()].item()) for ref in dataset[()].ravel()]
    return [int(value) for value in dataset[()].ravel()]


def read_digit_struct(path, mode):
    """The columns {"image": "<mode>/<file name>", "label", "x1", "y1", "width", "height": a list per image, one
    number per digit} of an SVHN `digitStruct.mat` (MATLAB 7.3, i.e. HDF5: `digitStruct/name` and
    `digitStruct/bbox` hold an object reference per image). Labels are as in the file (10 is the digit 0).

    Example:
        >>> import tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "digitStruct.mat")
        >>> with h5py.File(path, "w") as file:
        ...     name = file.create_dataset("n", data=[[ord(c)] for c in "1.png"], dtype="uint16")
        ...     box = file.create_group("b")
        ...     for key, value in {"label": 5, "left": 2, "top": 3, "width": 4, "height": 6}.items():
        ...         _ = box.create_dataset(key, data=[[value]], dtype="float64")
        ...     _ = file.create_dataset("digitStruct/name", data=[[name.ref]], dtype=h5py.ref_dtype)
        ...     _ = file.create_dataset("digitStruct/bbox", data=[[box.ref]], dtype=h5py.ref_dtype)
        >>> read_digit_struct(path, "test")
        {'image': ['test/1.png'], 'label': [[5]], 'x1': [[2]], 'y1': [[3]], 'width': [[4]], 'height': [[6]]}
    """
    columns = {key: [] for key in ("image", *BOX_FIELDS)}
    with h5py.File(path, "r") as hdf5:
        if "digitStruct/name" not in hdf5 or "digitStruct/bbox" not in hdf5:
            raise DataError(f"svhn.load_data: '{path}' has no digitStruct/name and digitStruct/bbox; is it the "
                            "digitStruct.mat of an SVHN train.tar.gz / test.tar.gz?")
        for name_ref, box_ref in zip(hdf5["digitStruct/name"][()].ravel(), hdf5["digitStruct/bbox"][()].ravel()):
            columns["image"].append(os.path.join(mode, "".join(chr(code) for code in hdf5[name_ref][()].ravel())))
            box = hdf5[box_ref]
            for key, field in BOX_FIELDS.items():
                columns[key].append(_values(hdf5, box[field]))
    return columns


def load_data(root_dir=None):
    """Returns (train, test) PickleDatasets {"image": "train/<n>.png" (relative to `parent_path`), "label",
    "x1", "y1", "width", "height": one number per digit of the photo}, as FastEstimator's `svhn.load_data`
    (labels 1-10, 10 standing for the digit 0, as in the files and in FastEstimator).

    `train.tar.gz` and `test.tar.gz` are downloaded once from http://ufldl.stanford.edu/housenumbers/ into
    `<root_dir>/SVHN` (default `~/.keras/datasets/SVHN`) and extracted there; without network, a DataError says
    where to put them. The first call reads each `digitStruct.mat` into `train.pickle` / `test.pickle` (a dict of
    columns; FastEstimator pickles a pandas DataFrame of the same columns), which later calls read back. For the
    32x32 digit crops, see `kerasfe.dataset.data.svhn_cropped`.

    Example:
        >>> import tempfile
        >>> root = tempfile.mkdtemp(); os.makedirs(os.path.join(root, "SVHN"))
        >>> for mode in ("train", "test"):
        ...     os.makedirs(os.path.join(root, "SVHN", mode))
        ...     with open(os.path.join(root, "SVHN", f"{mode}.pickle"), "wb") as file:
        ...         pickle.dump({"image": [f"{mode}/1.png"], "label": [[1, 9]], "x1": [[5, 9]], "y1": [[1, 1]],
        ...                      "width": [[4, 4]], "height": [[8, 8]]}, file)
        >>> train, test = load_data(root)
        >>> str(test[0]["image"]), train[0]["label"].tolist(), train.parent_path == os.path.join(root, "SVHN")
        ('test/1.png', [1, 9], True)
    """
    folder = data_folder(root_dir, "SVHN")
    datasets = []
    for mode in ("train", "test"):
        images = fetch_unpacked("svhn.load_data", folder, mode, f"{mode}.tar.gz", f"{SVHN}{mode}.tar.gz")
        table = os.path.join(folder, f"{mode}.pickle")
        if not os.path.exists(table):
            columns = read_digit_struct(os.path.join(images, "digitStruct.mat"), mode)
            with atomic_open(table, "wb") as file:
                pickle.dump(columns, file)
        datasets.append(PickleDataset(table))
    return tuple(datasets)
