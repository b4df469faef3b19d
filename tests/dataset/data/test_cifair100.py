import numpy as np
import pytest

from kerasfe.dataset.data import cifair100
from kerasfe.errors import DataError
from tests.dataset.data.test_cifair10 import write_cifair_zip


def test_cifair100_fine_and_coarse_labels(tmp_path):
    written = write_cifair_zip(str(tmp_path), "ciFAIR100", ["train", "test"], {"fine_labels": 100,
                                                                             "coarse_labels": 20})
    train, test = cifair100.load_data(root_dir=str(tmp_path))
    np.testing.assert_array_equal(train["y"], written["train"][1]["fine_labels"])
    np.testing.assert_array_equal(train["x"], written["train"][0].transpose(0, 2, 3, 1))
    _, test = cifair100.load_data(root_dir=str(tmp_path), label_mode="coarse")
    np.testing.assert_array_equal(test["y"], written["test"][1]["coarse_labels"])
    assert test["y"].dtype == np.uint8 and len(test) == 3


def test_offline_error_names_the_zip_and_folder(tmp_path, no_network):
    with pytest.raises(DataError, match=rf"folder '{tmp_path}/ciFAIR100' as 'ciFAIR100.zip'"):
        cifair100.load_data(root_dir=str(tmp_path))
