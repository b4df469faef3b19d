"""TED talk translations (Qi et al., NAACL 2018): sentence pairs of 14 language pairs for machine translation."""
import os

import numpy as np

from kerasfe.dataset.data.data_files import data_folder, fetch_unpacked
from kerasfe.dataset.numpy_dataset import NumpyDataset
from kerasfe.errors import ConfigError, DataError

TEDNMT = "http://www.phontron.com/data/qi18naacl-dataset.tar.gz"


def read_lines(path):
    """The non-blank lines of a UTF-8 text file, stripped.

    Example:
        >>> import tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "en.dev")
        >>> _ = open(path, "w", encoding="utf-8").write(" hello \\n\\nthank you\\n")
        >>> read_lines(path)
        ['hello', 'thank you']
    """
    with open(path, encoding="utf-8") as file:
        return [line.strip() for line in file if line.strip()]


def read_pairs(data_path, translate_option, extension):
    """A NumpyDataset {"source": str, "target": str} of one split (`extension`: "train", "dev" or "test") of
    `<data_path>`, as FastEstimator's: "az_tr_to_en" reads `az-tr.train` (the two source languages' training text
    together) but `az.dev` / `az.test`, and `en.<extension>` as the targets, one sentence a line.

    Example:
        >>> import tempfile
        >>> folder = tempfile.mkdtemp()
        >>> for name, text in (("az-tr.train", "salam\\nmerhaba\\n"), ("en.train", "hello\\nhi\\n")):
        ...     _ = open(os.path.join(folder, name), "w", encoding="utf-8").write(text)
        >>> read_pairs(folder, "az_tr_to_en", "train")["source"].tolist()
        ['salam', 'merhaba']
    """
    source, target = translate_option.split("_to_")
    source = source.replace("_", "-")
    if extension != "train":
        source = source.split("-")[0]
    sources = read_lines(os.path.join(data_path, f"{source}.{extension}"))
    targets = read_lines(os.path.join(data_path, f"{target}.{extension}"))
    if len(sources) != len(targets):
        raise DataError(f"tednmt.load_data: '{translate_option}' {extension} has {len(sources)} source sentences "
                        f"({source}.{extension}) but {len(targets)} target sentences ({target}.{extension}) in "
                        f"'{data_path}'; the two files must pair line by line")
    return NumpyDataset({"source": np.array(sources), "target": np.array(targets)})


def load_data(root_dir=None, translate_option="az_to_en"):
    """Returns (train, eval, test) NumpyDatasets {"source": sentence, "target": its translation}, as
    FastEstimator's `tednmt.load_data`. `translate_option` names a folder of the data set: "az_to_en",
    "az_tr_to_en", "be_ru_to_en", "be_to_en", "es_to_pt", "fr_to_pt", "gl_pt_to_en", "gl_to_en", "he_to_pt",
    "it_to_pt", "pt_to_en", "ru_to_en", "ru_to_pt" or "tr_to_en" (two source languages: trained on both, evaluated
    on the first).

    `qi18naacl-dataset.tar.gz` is downloaded once from http://www.phontron.com/data/qi18naacl-dataset.tar.gz into
    `<root_dir>/tednmt` (default `~/.keras/datasets/tednmt`) and extracted there (`datasets/<option>/`); without
    network, a DataError says where to put it.

    Example:
        >>> import tempfile
        >>> root = tempfile.mkdtemp(); folder = os.path.join(root, "tednmt", "datasets", "pt_to_en")
        >>> os.makedirs(folder)
        >>> for split in ("train", "dev", "test"):
        ...     _ = open(os.path.join(folder, f"pt.{split}"), "w", encoding="utf-8").write("obrigado\\n")
        ...     _ = open(os.path.join(folder, f"en.{split}"), "w", encoding="utf-8").write("thank you\\n")
        >>> train, evaluation, test = load_data(root, translate_option="pt_to_en")
        >>> str(train[0]["source"]), str(test[0]["target"])
        ('obrigado', 'thank you')
    """
    datasets = fetch_unpacked("tednmt.load_data", data_folder(root_dir, "tednmt"), "datasets",
                              "qi18naacl-dataset.tar.gz", TEDNMT)
    data_path = os.path.join(datasets, translate_option)
    if not os.path.isdir(data_path):
        raise ConfigError(f"tednmt.load_data: no translate_option '{translate_option}' in '{datasets}'; available: "
                          f"{sorted(name for name in os.listdir(datasets) if '_to_' in name)}")
    return tuple(read_pairs(data_path, translate_option, split) for split in ("train", "dev", "test"))
