"""No file descriptor or memory growth across repeated fits beyond plain Keras's own (issue 12, scope 5): the same
number of repeated Estimator fits and plain `keras.Model.fit` runs, each after a warm-up run, compared by the open file
descriptors (/proc/self/fd) and the resident memory (/proc/self/statm) they add."""
import gc
import os

import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.op.numpyop import Minmax
from tests.conftest import classifier_network, dense_model

FITS = 2
FD_MARGIN = 2  # descriptors kerasfe may add beyond plain Keras over all the fits
RSS_MARGIN = 24 * 2 ** 20  # bytes of resident memory kerasfe may add beyond plain Keras over all the fits (noise)

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="reads /proc (Linux)")


def usage():
    gc.collect()
    with open("/proc/self/statm") as statm:
        resident_pages = int(statm.read().split()[1])
    return len(os.listdir("/proc/self/fd")), resident_pages * os.sysconf("SC_PAGE_SIZE")


def growth(fit):
    fit()  # warm-up: imports, first compilations, thread pools
    fds, rss = usage()
    for _ in range(FITS):
        fit()
    after = usage()
    return after[0] - fds, after[1] - rss


def test_repeated_fits_grow_no_more_than_plain_keras(blobs):
    def keras_fit():
        model = dense_model()
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        model.fit(blobs["x"], blobs["y"], batch_size=16, epochs=2, validation_data=(blobs["x"], blobs["y"]),
                  verbose=0)

    def kerasfe_fit():
        pipeline = fe.Pipeline(train_data=blobs, eval_data=blobs, batch_size=16, num_process=2, seed=0,
                               ops=[Minmax(inputs="x", outputs="x")])
        fe.Estimator(pipeline, classifier_network(fe.build(dense_model, "sgd")), epochs=2, log_steps=None).fit()

    plain_fds, plain_rss = growth(keras_fit)
    fe_fds, fe_rss = growth(kerasfe_fit)
    assert fe_fds <= max(plain_fds, 0) + FD_MARGIN, (fe_fds, plain_fds)
    assert fe_rss <= max(plain_rss, 0) + RSS_MARGIN, (fe_rss / 2 ** 20, plain_rss / 2 ** 20)
    print(f"growth over {FITS} fits: kerasfe {fe_fds} fds, {fe_rss / 2 ** 20:.1f} MiB; plain Keras {plain_fds} fds, "
          f"{plain_rss / 2 ** 20:.1f} MiB")
