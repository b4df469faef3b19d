import numpy as np

from kerasfe.dataset.data import cifar100
from tests.dataset.data.test_cifar10 import write_cifar_archive


def test_cifar100_reads_the_archive_under_root_dir_with_the_keys_and_layout_asked(tmp_path):
    batches = write_cifar_archive(tmp_path, "cifar-100-python-target_archive", "cifar-100-python", ["train", "test"],
                                  b"coarse_labels")
    train, evaluation = cifar100.load_data(root_dir=str(tmp_path), image_key="image", label_key="label",
                                           label_mode="coarse", channels_last=True)
    np.testing.assert_array_equal(train.data["image"], batches["train"][0].transpose(0, 2, 3, 1))
    np.testing.assert_array_equal(evaluation.data["label"], batches["test"][1])
