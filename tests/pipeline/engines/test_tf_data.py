import numpy as np

from tests.pipeline.augmented_images import batches


def assert_same(first, second):
    assert len(first) == len(second)
    for a, b in zip(first, second):
        assert set(a) == set(b)
        for key in a:
            np.testing.assert_array_equal(a[key], b[key])


def test_same_seed_same_batches_on_both_engines_and_any_worker_count():
    reference = batches("grain")
    assert [len(batch["y"]) for batch in reference] == [16, 16, 8]
    assert sorted(np.concatenate([batch["y"] for batch in reference]).tolist()) == list(range(40))
    assert_same(reference, batches("grain", num_process=0))
    assert_same(reference, batches("tf.data"))
    assert_same(reference, batches("tf.data", num_process=0))
    other_epoch = batches("grain", epoch=2)
    assert not np.array_equal(reference[0]["y"], other_epoch[0]["y"])
    other_seed = batches("grain", seed=4)
    assert not np.array_equal(reference[0]["x"], other_seed[0]["x"])
