import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe import training_state
from kerasfe.backend.random_state import rng_state, set_rng_state
from tests.conftest import classifier_network, dense_model

tf = pytest.importorskip("tensorflow")  # it runs the tf.data engine under every backend


def shuffled():
    """A tf.data shuffle and a raw TensorFlow random op made with no seed of their own: TensorFlow's global op seed
    state decides them."""
    return list(tf.data.Dataset.range(8).shuffle(8).as_numpy_iterator()), tf.random.uniform((3,)).numpy().tolist()


def test_the_rng_state_holds_tensorflows_global_op_seed_state():
    tf.random.set_seed(11)
    shuffled()  # the op seed generator moves on
    state = rng_state()
    expected = shuffled()
    tf.random.set_seed(12)
    assert shuffled() != expected
    set_rng_state(state)
    assert state["tensorflow"][0] == 11 and shuffled() == expected


def test_a_snapshot_puts_tensorflows_op_seed_state_back(blobs):
    """What RestoreWizard saves (`training_state.capture`) holds TensorFlow's op seed state, on every backend (the
    tf.data engine runs TensorFlow under each), and resuming (`restore_progress`) puts it back."""
    keras.utils.set_random_seed(3)
    estimator = fe.Estimator(fe.Pipeline(train_data=blobs, batch_size=32, seed=0),
                             classifier_network(fe.build(dense_model, "sgd")), epochs=1, log_steps=None)
    estimator.fit()
    state = training_state.capture(estimator.system, epoch=2, batches_done=0)
    expected = shuffled()
    tf.random.set_seed(4)
    np.random.seed(4)
    training_state.restore_progress(estimator.system, state)
    assert state["rng"]["backend"]["tensorflow"][0] == 3 and shuffled() == expected
