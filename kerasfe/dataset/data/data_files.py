"""The files of a FastEstimator data set on disk: its folder under the root folder, downloads with a clear
offline error, archive extraction and the summary CSVs FastEstimator's loaders write."""
import csv
import os
import shutil
import tarfile
import urllib.request
import zipfile

from kerasfe.atomic_file import atomic_open, atomic_path
from kerasfe.errors import DataError

GOOGLE_DRIVE = "https://drive.google.com/uc?export=download&confirm=t&id="


def data_folder(root_dir, name):
    """The folder of data set `name`, created: `<root_dir>/<name>` as in FastEstimator (so its downloads are
    reused), or `<Keras's home (~/.keras or $KERAS_HOME)>/datasets/<name>` when `root_dir` is None, as kerasfe's
    other loaders.

    Example:
        >>> import tempfile, os
        >>> root = tempfile.mkdtemp()
        >>> folder = data_folder(root, "Omniglot")
        >>> folder == os.path.join(root, "Omniglot"), os.path.isdir(folder)
        (True, True)
    """
    if root_dir is None:
        folder = os.path.join(os.path.expanduser(os.environ.get("KERAS_HOME", "~/.keras")), "datasets", name)
    else:
        folder = os.path.join(os.path.abspath(root_dir), name)
    os.makedirs(folder, exist_ok=True)
    return folder


def download(loader, origin, path, headers=None):
    """`path`, downloaded from `origin` (with HTTP `headers`) unless it is already there. The download goes to
    a temporary name, so an interrupted one leaves no partial file. Without network, a DataError names the
    file and the folder to put it in by hand.

    Example:
        >>> import tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "notes.txt")
        >>> _ = open(path, "w").write("hi")
        >>> download("notes.load_data", "https://example.invalid/notes.txt", path) == path
        True
    """
    if os.path.exists(path):
        return path
    try:
        request = urllib.request.Request(origin, headers=headers or {})
        with urllib.request.urlopen(request) as response, atomic_path(path) as temp, open(temp, "wb") as file:
            shutil.copyfileobj(response, file, 1 << 20)
    except Exception as error:
        folder, name = os.path.split(path)
        raise DataError(f"{loader}: cannot download '{origin}' ({type(error).__name__}: {error}); with no network, "
                        f"download it elsewhere and put it by hand in the folder '{folder}' as '{name}'") from error
    return path


def unpack(archive, folder, prefix=None):
    """Extracts the zip or tar `archive` into `folder` (only the members whose names start with `prefix`, if
    given); tar members that would land outside `folder` are refused.

    Example:
        >>> import tempfile, os, zipfile
        >>> folder = tempfile.mkdtemp()
        >>> with zipfile.ZipFile(os.path.join(folder, "a.zip"), "w") as file:
        ...     file.writestr("keep/a.txt", "a"); file.writestr("__MACOSX/a.txt", "junk")
        >>> unpack(os.path.join(folder, "a.zip"), folder, prefix="keep/")
        >>> sorted(os.listdir(folder))
        ['a.zip', 'keep']
    """
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as file:
            file.extractall(folder, [name for name in file.namelist() if prefix is None or name.startswith(prefix)])
        return
    with tarfile.open(archive) as file:
        members = [member for member in file.getmembers() if prefix is None or member.name.startswith(prefix)]
        file.extractall(folder, members, filter="data")


def fetch_unpacked(loader, folder, extracted, archive, origin, prefix=None, headers=None):
    """`<folder>/<extracted>`, made by downloading `origin` (with HTTP `headers`) as `<folder>/<archive>` (unless
    there) and extracting it (only members starting with `prefix`) when `extracted` is missing.

    Example:
        >>> import tempfile, os, zipfile
        >>> folder = tempfile.mkdtemp()
        >>> with zipfile.ZipFile(os.path.join(folder, "a.zip"), "w") as file:
        ...     file.writestr("a/b.txt", "b")
        >>> os.listdir(fetch_unpacked("a.load_data", folder, "a", "a.zip", "https://example.invalid/a.zip"))
        ['b.txt']
    """
    path = os.path.join(folder, extracted)
    if not os.path.exists(path):
        unpack(download(loader, origin, os.path.join(folder, archive), headers), folder, prefix)
    return path


def write_csv(path, columns, rows):
    """Writes `rows` (sequences in `columns` order) under a header row to the CSV file `path`, atomically.

    Example:
        >>> import tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "a.csv")
        >>> write_csv(path, ["image", "label"], [("a.png", 0), ("b.png", 1)])
        >>> open(path).read().splitlines()
        ['image,label', 'a.png,0', 'b.png,1']
    """
    with atomic_open(path, "w", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
