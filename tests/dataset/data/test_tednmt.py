import io
import tarfile

import pytest

from kerasfe.dataset.data import tednmt
from kerasfe.errors import ConfigError, DataError

FILES = {"az_tr_to_en/az-tr.train": "salam\nmerhaba\n\n", "az_tr_to_en/en.train": "hello\nhi\n",
         "az_tr_to_en/az.dev": "sag ol\n", "az_tr_to_en/en.dev": "thanks\n",
         "az_tr_to_en/az.test": " necəsən? \n", "az_tr_to_en/en.test": "how are you?\n",
         "pt_to_en/pt.train": "olá\n", "pt_to_en/en.train": "hello\n"}


def write_archive(root, files):
    """qi18naacl-dataset.tar.gz as published: datasets/<option>/<language>.<split>, a sentence a line."""
    (root / "tednmt").mkdir()
    with tarfile.open(root / "tednmt" / "qi18naacl-dataset.tar.gz", "w:gz") as tar:
        for name, text in files.items():
            data = text.encode("utf-8")
            member = tarfile.TarInfo(f"datasets/{name}")
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))


def test_tednmt_pairs_source_and_target_sentences_of_each_split(tmp_path):
    write_archive(tmp_path, FILES)
    train, evaluation, test = tednmt.load_data(root_dir=str(tmp_path), translate_option="az_tr_to_en")
    assert [dict(sample) for sample in train] == [{"source": "salam", "target": "hello"},
                                                 {"source": "merhaba", "target": "hi"}]
    assert (str(evaluation[0]["source"]), str(evaluation[0]["target"])) == ("sag ol", "thanks")
    assert test["source"].tolist() == ["necəsən?"] and test["target"].tolist() == ["how are you?"]


def test_tednmt_names_the_available_options_for_an_unknown_one(tmp_path):
    write_archive(tmp_path, FILES)
    with pytest.raises(ConfigError, match=r"no translate_option 'xx_to_en'.*available: \['az_tr_to_en', 'pt_to_en'\]"):
        tednmt.load_data(root_dir=str(tmp_path), translate_option="xx_to_en")


def test_tednmt_refuses_files_that_do_not_pair_line_by_line(tmp_path):
    write_archive(tmp_path, {**FILES, "az_tr_to_en/en.train": "hello\n"})
    with pytest.raises(DataError, match=r"train has 2 source sentences \(az-tr.train\) but 1 target"):
        tednmt.load_data(root_dir=str(tmp_path), translate_option="az_tr_to_en")


def test_tednmt_offline_is_a_clear_error(tmp_path, no_network):
    with pytest.raises(DataError, match=rf"folder '{tmp_path}/tednmt' as 'qi18naacl-dataset.tar.gz'"):
        tednmt.load_data(root_dir=str(tmp_path))
    assert no_network == [tednmt.TEDNMT]
