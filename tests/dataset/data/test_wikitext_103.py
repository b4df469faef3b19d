import pytest

from kerasfe.dataset.data import wikitext_103
from kerasfe.errors import DataError


def test_wikitext_103_returns_the_cached_parquet_paths_without_downloading(tmp_path, no_network):
    folder = tmp_path / "wiki_text_103"
    folder.mkdir()
    for name in wikitext_103.FILES:  # the loader hands the files on unread (reading parquet needs pyarrow)
        (folder / name).write_bytes(b"PAR1" + name.encode() + b"PAR1")
    train, evaluation, test = wikitext_103.load_data(root_dir=str(tmp_path))
    assert (train, evaluation, test) == tuple(str(folder / name) for name in (
        "train-00000-of-00002.parquet", "validation-00000-of-00001.parquet", "test-00000-of-00001.parquet"))
    assert no_network == []


def test_wikitext_103_offline_names_the_missing_file(tmp_path, no_network):
    (tmp_path / "wiki_text_103").mkdir()
    (tmp_path / "wiki_text_103" / "train-00000-of-00002.parquet").write_bytes(b"PAR1")
    with pytest.raises(DataError, match=rf"folder '{tmp_path}/wiki_text_103' as 'validation-00000-of-00001.parquet'"):
        wikitext_103.load_data(root_dir=str(tmp_path))
    assert no_network == [wikitext_103.WIKITEXT_103 + "validation-00000-of-00001.parquet"]
