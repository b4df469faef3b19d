import os
import pickle
import zipfile

import numpy as np
import pytest

from kerasfe.dataset.data import cifair10
from kerasfe.errors import DataError


def write_cifair_zip(root, name, files, labels_of):
    """`<root>/<name>/<name>.zip` as on Google Drive: `ciFAIR-NN/<file>` pickles of channel-first rows (str keys).
    Returns {file: (images (N, 3, 32, 32), {label key: labels})}."""
    rng = np.random.default_rng(0)
    os.makedirs(os.path.join(root, name))
    written = {}
    with zipfile.ZipFile(os.path.join(root, name, f"{name}.zip"), "w") as archive:
        for count, file in enumerate(files, start=2):
            images = rng.integers(0, 256, (count, 3, 32, 32), dtype="uint8")
            labels = {key: rng.integers(0, high, count).tolist() for key, high in labels_of.items()}
            archive.writestr(f"{name.replace('ciFAIR', 'ciFAIR-')}/{file}",
                             pickle.dumps({"data": images.reshape(count, -1), **labels}))
            written[file] = (images, labels)
    return written


def test_cifair10_reads_the_zip_in_order_channels_last_uint8(tmp_path):
    files = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    written = write_cifair_zip(str(tmp_path), "ciFAIR10", files, {"labels": 10})
    train, test = cifair10.load_data(root_dir=str(tmp_path), image_key="image", label_key="label")
    images = np.concatenate([written[file][0] for file in files[:5]]).transpose(0, 2, 3, 1)
    np.testing.assert_array_equal(train["image"], images)
    np.testing.assert_array_equal(train["label"], sum((written[file][1]["labels"] for file in files[:5]), []))
    assert len(train) == 2 + 3 + 4 + 5 + 6 and len(test) == 7
    assert train["label"].dtype == np.uint8 and test["image"].shape == (7, 32, 32, 3)
    np.testing.assert_array_equal(test["image"][3, :, :, 2], written["test_batch"][0][3, 2])


def test_offline_error_names_the_zip_and_folder(tmp_path, no_network):
    with pytest.raises(DataError, match=rf"folder '{tmp_path}/ciFAIR10' as 'ciFAIR10.zip'"):
        cifair10.load_data(root_dir=str(tmp_path))
