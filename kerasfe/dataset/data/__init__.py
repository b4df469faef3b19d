"""Loaders of public data sets. mnist, fashion_mnist, cifar10, cifar100 and imdb download into a cache folder
once (through Keras); breast_cancer, digits and skl_digits come with scikit-learn; FastEstimator's other loaders
(cifair10, cub200, em_3d, food101, mitmovie_ner, mscoco, pascal_voc, penn_treebank, svhn, usps, ...) download into
`<root_dir>/<data set>`."""
from kerasfe.dataset.data import (breast_cancer, cifair10, cifair100, cifar10, cifar100, cub200, digits, em_3d,
                                  fashion_mnist, food101, horse2zebra, imdb, imdb_review, medmnist, mendeley,
                                  mitmovie_ner, mnist, montgomery, mscoco, nih_chestxray, omniglot, pascal_voc,
                                  penn_treebank, shakespeare, skl_digits, svhn, svhn_cropped, tednmt,
                                  unnatural_instructions, usps, wikitext_103)

__all__ = ["breast_cancer", "cifair10", "cifair100", "cifar10", "cifar100", "cub200", "digits", "em_3d",
           "fashion_mnist", "food101", "horse2zebra", "imdb", "imdb_review", "medmnist", "mendeley", "mitmovie_ner",
           "mnist", "montgomery", "mscoco", "nih_chestxray", "omniglot", "pascal_voc", "penn_treebank", "shakespeare",
           "skl_digits", "svhn", "svhn_cropped", "tednmt", "unnatural_instructions", "usps", "wikitext_103"]
