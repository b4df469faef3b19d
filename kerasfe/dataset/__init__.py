"""Map-style data sets (`len`, `[index]` -> sample dict) and loaders of public data sets."""
from kerasfe.dataset.batch_dataset import BatchDataset, InterleaveDataset
from kerasfe.dataset.combined_dataset import CombinedDataset
from kerasfe.dataset.csv_dataset import CSVDataset
from kerasfe.dataset.dataset import FEDataset
from kerasfe.dataset.dir_dataset import DirDataset, LabeledDirDataset
from kerasfe.dataset.extend_dataset import ExtendDataset
from kerasfe.dataset.generator_dataset import GeneratorDataset
from kerasfe.dataset.numpy_dataset import NumpyDataset
from kerasfe.dataset.pickle_dataset import PickleDataset
from kerasfe.dataset.siamese_dir_dataset import SiameseDirDataset

__all__ = ["BatchDataset", "CSVDataset", "CombinedDataset", "DirDataset", "ExtendDataset", "FEDataset",
           "GeneratorDataset", "InterleaveDataset", "LabeledDirDataset", "NumpyDataset", "PickleDataset",
           "SiameseDirDataset"]
