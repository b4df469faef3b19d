import zipfile

import pytest

from kerasfe.dataset.data import horse2zebra
from kerasfe.errors import DataError


def test_horse2zebra_pairs_unpaired_a_and_b_batches(tmp_path):
    folder = tmp_path / "horse2zebra"
    folder.mkdir()
    counts = {"trainA": 3, "trainB": 4, "testA": 1, "testB": 2}
    with zipfile.ZipFile(folder / "horse2zebra.zip", "w") as archive:
        for part, count in counts.items():
            for index in range(count):
                archive.writestr(f"horse2zebra/{part}/{part}_{index}.jpg", b"jpg")
            archive.writestr(f"horse2zebra/{part}/notes.txt", b"not an image")
    train, test = horse2zebra.load_data(batch_size=2, root_dir=str(tmp_path))
    assert (folder / "images" / "trainA").is_dir() and not (folder / "horse2zebra").exists()
    assert train.num_samples == [2, 2] and train.num_batches(2) == 2 and test.num_batches(2) == 1
    assert [len(d) for d in train.datasets + test.datasets] == [3, 4, 1, 2]
    assert [sorted(d[0]) for d in train.datasets] == [["A"], ["B"]]
    batch = train.get_batch(0, 2, seed=0, epoch=0, shuffle=False)
    assert [sorted(sample) for _, sample in batch] == [["A", "B"], ["A", "B"]]
    assert str(batch[1][1]["B"]).endswith("images/trainB/trainB_1.jpg")


def test_offline_error_names_the_zip_and_folder(tmp_path, no_network):
    with pytest.raises(DataError, match=rf"folder '{tmp_path}/horse2zebra' as 'horse2zebra.zip'"):
        horse2zebra.load_data(4, root_dir=str(tmp_path))
