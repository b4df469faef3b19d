"""Loaders of public data sets. mnist, fashion_mnist, cifar10, cifar100 and imdb download into a cache folder
once (through Keras); breast_cancer and digits come with scikit-learn."""
from kerasfe.dataset.data import (breast_cancer, cifar10, cifar100, digits, fashion_mnist, imdb, mitmovie_ner, mnist,
                                  penn_treebank)

__all__ = ["breast_cancer", "cifar10", "cifar100", "digits", "fashion_mnist", "imdb", "mitmovie_ner", "mnist",
           "penn_treebank"]
