"""NIH ChestX-ray14: 112120 frontal chest X-rays (.png), unlabelled here."""
import os

from kerasfe.dataset.data.data_files import data_folder, download, unpack
from kerasfe.dataset.dir_dataset import DirDataset

_LINKS = [f"https://nihcc.box.com/shared/static/{name}.gz" for name in (
    "vfk49d74nhbxq3nqjg0900w5nvkorp5c", "i28rlmbvmfjbl8p2n3ril0pptcmcu9d1", "f1t00wrtdk94satdfb9olcolqx20z2jp",
    "0aowwzs5lhjrceb3qp67ahp0rd1l1etg", "v5e3goj22zr6h8tzualxfsqlqaygfbsn", "asi7ikud9jwnkrnkj99jnpfkjdes7l6l",
    "jn1b4mw4n6lnh74ovmcjb8y48h8xj07n", "tvpxmn7qyrgl0w8wfh9kqfjskv6nmm1j", "upyy3ml7qdumlgk2rfcvlb9k6gvqq2pj",
    "l6nilvfa9cg3s28tqv1qc1olm3gnz54p", "hhq8fkdgvcari67vfhs7ppg2w6ni4jze", "ioqwiy20ihqwyr8pf4c24eazhh281pbu")]


def load_data(root_dir=None):
    """Returns a DirDataset {"x": .png path} of every image, as FastEstimator's `nih_chestxray.load_data`.

    The 12 archives are downloaded once from the NIH Clinical Center's Box into `<root_dir>/NIH_Chestxray`
    (default `~/.keras/datasets/NIH_Chestxray`) as `images_0.tar.gz` ... `images_11.tar.gz` (each only if
    missing) and extracted there into `images/`; without network, a DataError says which archive to put where.

    Example:
        >>> import os, tempfile
        >>> root = tempfile.mkdtemp(); os.makedirs(os.path.join(root, "NIH_Chestxray", "images"))
        >>> for name in ("00000002_000.png", "00000001_000.png"):
        ...     _ = open(os.path.join(root, "NIH_Chestxray", "images", name), "w").write("")
        >>> [os.path.basename(str(sample["x"])) for sample in load_data(root_dir=root)]
        ['00000001_000.png', '00000002_000.png']
    """
    folder = data_folder(root_dir, "NIH_Chestxray")
    images = os.path.join(folder, "images")
    if not os.path.exists(images):
        archives = [download("nih_chestxray.load_data", link, os.path.join(folder, f"images_{index}.tar.gz"))
                    for index, link in enumerate(_LINKS)]
        for archive in archives:
            unpack(archive, folder)
    return DirDataset(images, file_extension=".png", recursive_search=False)
