"""WikiText-103 (raw): 28475 Wikipedia articles for language modelling, as Hugging Face's parquet files."""
import os

from kerasfe.dataset.data.data_files import data_folder, download

WIKITEXT_103 = "https://huggingface.co/datasets/wikitext/resolve/main/wikitext-103-raw-v1/"
FILES = ("train-00000-of-00002.parquet", "validation-00000-of-00001.parquet", "test-00000-of-00001.parquet")


def load_data(root_dir=None):
    """Returns the paths (train, eval, test) of the three parquet files (a "text" column, one line of an article a
    row), as FastEstimator's `wikitext_103.load_data`; reading them (e.g. `pandas.read_parquet`, which needs
    pyarrow) is left to the caller, as there. As in FastEstimator, train is the first of the two training files
    (about 900k rows).

    The files are downloaded once from https://huggingface.co/datasets/wikitext (wikitext-103-raw-v1) into
    `<root_dir>/wiki_text_103` (default `~/.keras/datasets/wiki_text_103`); without network, a DataError says
    where to put them.

    Example:
        >>> import os, tempfile
        >>> root = tempfile.mkdtemp(); os.makedirs(os.path.join(root, "wiki_text_103"))
        >>> for name in FILES:
        ...     _ = open(os.path.join(root, "wiki_text_103", name), "wb").write(b"PAR1")
        >>> [os.path.basename(path) for path in load_data(root)]
        ['train-00000-of-00002.parquet', 'validation-00000-of-00001.parquet', 'test-00000-of-00001.parquet']
    """
    folder = data_folder(root_dir, "wiki_text_103")
    return tuple(download("wikitext_103.load_data", WIKITEXT_103 + name, os.path.join(folder, name)) for name in FILES)
