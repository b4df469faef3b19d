import numpy as np

import kerasfe as fe
from kerasfe.op.numpyop import CoarseDropout, HorizontalFlip, Normalize, PadIfNeeded, RandomCrop, Sometimes


RNG = np.random.default_rng(0)


IMAGES = {"x": RNG.integers(0, 255, (40, 8, 8, 3)).astype("uint8"), "y": np.arange(40)}


def augment_ops():
    return [PadIfNeeded(min_height=10, min_width=10, image_in="x", mode="train"),
            RandomCrop(8, 8, image_in="x", mode="train"), Sometimes(HorizontalFlip(image_in="x", mode="train")),
            CoarseDropout(inputs="x", mode="train"), Normalize(inputs="x", outputs="x", mean=0.5, std=0.25)]


def batches(engine, num_process=2, seed=3, epoch=1):
    pipeline = fe.Pipeline(train_data=IMAGES, batch_size=16, ops=augment_ops(), engine=engine,
                           num_process=num_process, seed=seed)
    return pipeline.get_results("train", num_steps=3, epoch=epoch)


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
