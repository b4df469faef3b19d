"""Montgomery County chest X-rays (138 images) with manual masks of the left and right lung."""
import glob
import os

from kerasfe.dataset.csv_dataset import CSVDataset
from kerasfe.dataset.data.data_files import data_folder, fetch_unpacked, write_csv


def load_data(root_dir=None):
    """Returns a CSVDataset {"image", "mask_left", "mask_right"} of .png paths relative to the CSV's folder
    (`parent_path`), as FastEstimator's `montgomery.load_data`.

    `NLM-MontgomeryCXRSet.zip` is downloaded once from
    http://openi.nlm.nih.gov/imgs/collections/NLM-MontgomeryCXRSet.zip into `<root_dir>/Montgomery` (default
    `~/.keras/datasets/Montgomery`) and its `MontgomerySet/` extracted there (the macOS litter beside it is
    skipped); without network, a DataError says where to put it. The first call writes `montgomery.csv` (images
    in sorted order; FastEstimator's follow `glob`'s), which later calls read back. The masks are
    `MontgomerySet/ManualMask/{leftMask,rightMask}/<image name>`.

    Example:
        >>> import os, tempfile
        >>> root = tempfile.mkdtemp(); os.makedirs(os.path.join(root, "Montgomery", "MontgomerySet", "CXR_png"))
        >>> _ = open(os.path.join(root, "Montgomery", "MontgomerySet", "CXR_png", "MCUCXR_0001_0.png"), "w").write("")
        >>> str(load_data(root_dir=root)[0]["mask_left"])
        'MontgomerySet/ManualMask/leftMask/MCUCXR_0001_0.png'
    """
    folder = data_folder(root_dir, "Montgomery")
    extracted = fetch_unpacked("montgomery.load_data", folder, "MontgomerySet", "NLM-MontgomeryCXRSet.zip",
                               "http://openi.nlm.nih.gov/imgs/collections/NLM-MontgomeryCXRSet.zip",
                               prefix="MontgomerySet/")
    csv_path = os.path.join(folder, "montgomery.csv")
    if not os.path.exists(csv_path):
        rows = []
        for image in sorted(glob.glob(os.path.join(extracted, "CXR_png", "*.png"))):
            image = os.path.normpath(os.path.relpath(image, folder))
            rows.append([image] + [image.replace("CXR_png", os.path.join("ManualMask", side))
                                   for side in ("leftMask", "rightMask")])
        write_csv(csv_path, ["image", "mask_left", "mask_right"], rows)
    return CSVDataset(csv_path)
