"""Map-style data sets (`len`, `[index]` -> sample dict) and loaders of public data sets."""
from kerasfe.dataset.batch_dataset import BatchDataset, InterleaveDataset
from kerasfe.dataset.csv_dataset import CSVDataset
from kerasfe.dataset.dataset import FEDataset
from kerasfe.dataset.dir_dataset import DirDataset, LabeledDirDataset
from kerasfe.dataset.generator_dataset import GeneratorDataset
from kerasfe.dataset.numpy_dataset import NumpyDataset

__all__ = ["BatchDataset", "CSVDataset", "DirDataset", "FEDataset", "GeneratorDataset", "InterleaveDataset",
           "LabeledDirDataset", "NumpyDataset"]
