"""Both engines give the same batches for a seed; sources, padding, schedules, ds_ids, transform, benchmark."""
import grain
import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.errors import ConfigError, DataError, MissingKeyError
from kerasfe.op.numpyop import (Batch, CoarseDropout, Delete, HorizontalFlip, LambdaOp, Minmax, Normalize, PadIfNeeded,
                                RandomCrop, RemoveIf, Sometimes)
from kerasfe.schedule import EpochScheduler, RepeatScheduler

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


def test_augmented_values_follow_the_ops():
    batch = batches("grain")[0]
    assert batch["x"].dtype == np.float32 and batch["x"].shape == (16, 8, 8, 3)
    restored = batch["x"] * 0.25 + 0.5  # undo Normalize: pixels / 255 again
    for row, index in zip(restored, batch["y"]):
        original = IMAGES["x"][index] / 255.0
        window = np.pad(original, ((1, 1), (1, 1), (0, 0)))
        kept = row != 0  # CoarseDropout and padding leave zeros
        found = any(np.allclose(candidate[kept], row[kept], atol=1e-5)
                    for top in range(3) for left in range(3)
                    for candidate in (window[top:top + 8, left:left + 8], window[top:top + 8, left:left + 8][:, ::-1]))
        assert found


def test_eval_runs_only_its_ops_in_order_and_trailing_batch_ops_match_per_sample():
    pipeline = fe.Pipeline(train_data=IMAGES, eval_data=IMAGES, batch_size=16, ops=augment_ops(), seed=0)
    evaluation = pipeline.get_results("eval", num_steps=1)[0]
    np.testing.assert_allclose(evaluation["x"], (IMAGES["x"][:16] / 255.0 - 0.5) / 0.25, atol=1e-5)
    loader = pipeline.get_loader("eval")
    assert len(loader) == 3 and isinstance(loader, keras.utils.PyDataset)
    assert pipeline.get_loader("train").num_threads == pipeline.num_process >= 1
    assert loader.num_threads == pipeline.num_process  # eval runs Normalize once per batch, ahead in threads
    assert fe.Pipeline(eval_data=IMAGES, batch_size=4).get_loader("eval").num_threads == 0  # a bare gather
    assert fe.Pipeline(train_data=IMAGES, batch_size=4, ops=augment_ops(), num_process=0).get_loader(
        "train").num_threads == 0


def test_trailing_batch_ops_run_per_sample_on_ragged_samples_and_name_the_batch_in_errors():
    sizes = [(10, 12), (9, 9), (12, 10), (8, 11), (10, 10)]
    images = [np.random.default_rng(5).integers(0, 255, size + (3,)).astype("uint8") for size in sizes]
    ops = [RandomCrop(8, 8, image_in="x"), Sometimes(HorizontalFlip(image_in="x")), CoarseDropout(inputs="x"),
           Normalize(inputs="x", outputs="x", mean=0.5, std=0.25)]
    as_list = [{"x": image, "y": index} for index, image in enumerate(images)]
    as_objects = {"x": np.array(images + [None], dtype=object)[:-1], "y": np.arange(5)}  # a ragged array column
    for data in (as_list, as_objects):
        pipeline = fe.Pipeline(eval_data=data, batch_size=5, ops=ops, seed=1)
        batch = pipeline.get_results("eval")[0]
        assert batch["x"].shape == (5, 8, 8, 3) and batch["x"].dtype == np.float32
        for row, index in zip(batch["x"] * 0.25 + 0.5, batch["y"]):
            kept, source = row != 0, images[index] / 255.0
            crops = [source[top:top + 8, left:left + 8] for top in range(source.shape[0] - 7)
                     for left in range(source.shape[1] - 7)]
            windows = crops + [crop[:, ::-1] for crop in crops]
            assert any(np.allclose(candidate[kept], row[kept], atol=1e-5) for candidate in windows)
        np.testing.assert_array_equal(batch["x"], pipeline.get_results("eval")[0]["x"])
    with pytest.raises(DataError, match=r"RandomCrop failed on batch 0 of the eval data: ValueError: the crop size "
                                        r"\(9, 9\) exceeds the image size \(8, 8\)"):
        fe.Pipeline(eval_data=IMAGES, batch_size=4, ops=[RandomCrop(9, 9, image_in="x")]).get_results("eval")


def test_padding_and_ragged_error_name_key_and_samples():
    data = [{"t": np.arange(n)} for n in (1, 3, 2)]
    padded = fe.Pipeline(eval_data=data, batch_size=3, pad_value=-1).get_results("eval")[0]
    assert padded["t"].tolist() == [[0, -1, -1], [0, 1, 2], [0, 1, -1]]
    tf_padded = fe.Pipeline(eval_data=data, batch_size=3, pad_value=-1, engine="tf.data").get_results("eval")[0]
    np.testing.assert_array_equal(tf_padded["t"], padded["t"])
    with pytest.raises(DataError, match=r"key 't' has shape \(1,\) in sample 0 but \(3,\) in sample 1 of the eval "
                                        r"data.*pad_value"):
        fe.Pipeline(eval_data=data, batch_size=3).get_results("eval")


def test_errors_name_op_key_mode_and_sample_index(tmp_path):
    with pytest.raises(MissingKeyError, match=r"HorizontalFlip on sample \d+ of the train data needs key 'image' in "
                                              r"mode 'train', but the batch only has \['x', 'y'\]"):
        fe.Pipeline(train_data=IMAGES, batch_size=4, ops=[HorizontalFlip(image_in="image"), Delete("y")]
                    ).get_results()  # Delete has no batch form, so the flip runs per sample
    with pytest.raises(MissingKeyError, match=r"Minmax on batch 0 of the train data needs key 'image'"):
        fe.Pipeline(train_data=IMAGES, batch_size=4, ops=[Minmax(inputs="image")]).get_results()
    with pytest.raises(ConfigError, match="unknown mode 'training'"):
        Minmax(inputs="x", mode="training")
    from kerasfe.op.numpyop import ReadImage
    paths = {"path": np.array(["a.png", "b.png"])}
    with pytest.raises(DataError, match=r"ReadImage cannot read '.*a.png'.*no such file \(sample 0 of the eval data\)"):
        fe.Pipeline(eval_data=paths, batch_size=2, ops=[ReadImage(inputs="path", outputs="x",
                                                                  parent_path=str(tmp_path))]).get_results("eval")
    with pytest.raises(DataError, match=r"LambdaOp failed on sample 1 of the eval data: ZeroDivisionError"):
        fe.Pipeline(eval_data={"x": np.array([1, 0])}, batch_size=2,
                    ops=[LambdaOp(fn=lambda x: 1 // int(x), inputs="x", outputs="x")]).get_results("eval")


def test_remove_if_delete_and_batch_op():
    pipeline = fe.Pipeline(eval_data={"x": np.arange(10), "y": np.arange(10)}, batch_size=4,
                           ops=[RemoveIf(fn=lambda x: x % 3 == 0, inputs="x"), Delete("y")])
    assert [batch["x"].tolist() for batch in pipeline.get_results("eval", 5)] == [[1, 2], [4, 5, 7], [8]]
    assert set(pipeline.get_results("eval")[0]) == {"x"}
    all_gone = fe.Pipeline(eval_data={"x": np.array([0, 3, 1, 4])}, batch_size=2,
                           ops=[RemoveIf(fn=lambda x: x % 3 == 0, inputs="x")])
    assert [b["x"].tolist() for b in all_gone.get_results("eval", 2)] == [[1], [1, 4]]
    batched = fe.Pipeline(eval_data={"x": np.arange(12.0).reshape(6, 2)}, batch_size=100,
                          ops=[Batch(batch_size=4), Minmax(inputs="x", outputs="x")])
    assert [b["x"].tolist() for b in batched.get_results("eval", 3)] == [[[0, 1]] * 4, [[0, 1]] * 2]
    with pytest.raises(ConfigError, match="comes after Batch but has no forward_batch"):
        fe.Pipeline(eval_data={"x": np.arange(6.0)}, ops=[Batch(batch_size=2), RemoveIf(fn=bool, inputs="x")]
                    ).get_results("eval")


def test_other_sources_tf_grain_generator():
    import tensorflow as tf
    tf_source = tf.data.Dataset.from_tensor_slices({"x": np.arange(6.0)})
    tf_pipeline = fe.Pipeline(train_data=tf_source, batch_size=4, ops=[LambdaOp(fn=lambda x: x * 2, inputs="x",
                                                                                 outputs="x")])
    assert [b["x"].tolist() for b in tf_pipeline.get_results("train", 3)] == [[0, 2, 4, 6], [8, 10]]
    as_is = fe.Pipeline(train_data=tf_source.batch(5)).get_loader("train")
    assert [b["x"].tolist() for b in as_is.as_numpy_iterator()] == [[0, 1, 2, 3, 4], [5]]
    grain_map = grain.MapDataset.range(5).map(lambda i: {"x": np.float32(i)})
    assert [b["x"].tolist() for b in fe.Pipeline(eval_data=grain_map, batch_size=2).get_results("eval", 5)] == \
        [[0, 1], [2, 3], [4]]
    grain_iter = grain.MapDataset.range(3).map(lambda i: {"x": i}).to_iter_dataset()
    for engine in ("grain", "tf.data"):
        pipeline = fe.Pipeline(eval_data=grain_iter, batch_size=2, engine=engine)
        assert [b["x"].tolist() for b in pipeline.get_results("eval", 5)] == [[0, 1], [2]]
    generator = ({"x": i * i} for i in range(3))
    assert [b["x"].tolist() for b in fe.Pipeline(eval_data=generator, batch_size=2).get_results("eval", 5)] == \
        [[0, 1], [4]]


def test_schedules_per_mode_batch_size_ds_ids_and_signature_epochs():
    small, large = {"x": np.arange(4)}, {"x": np.arange(10)}
    pipeline = fe.Pipeline(train_data=EpochScheduler({1: small, 3: large}),
                           eval_data={"clean": small, "noisy": large},
                           batch_size={"train": RepeatScheduler([2, 4]), "eval": 5},
                           ops=[EpochScheduler({1: None, 2: LambdaOp(fn=lambda x: x + 100, inputs="x", outputs="x",
                                                                     ds_id="noisy")})], seed=0)
    assert [len(pipeline.get_loader("train", epoch)) for epoch in (1, 2, 3)] == [2, 1, 5]
    assert pipeline.get_ds_ids("eval") == ["clean", "noisy"] and pipeline.get_ds_ids("train") == [None]
    assert pipeline.get_results("eval", epoch=2, ds_id="clean")[0]["x"].tolist() == [0, 1, 2, 3]
    assert pipeline.get_results("eval", epoch=2, ds_id="noisy")[0]["x"].tolist() == [100, 101, 102, 103, 104]
    assert pipeline.get_results("eval", epoch=1, ds_id="noisy")[0]["x"].tolist() == [0, 1, 2, 3, 4]
    assert pipeline.get_signature_epochs(4) == [1, 2, 3, 4]
    with pytest.raises(ConfigError, match=r"several data sets \['clean', 'noisy'\]; pass ds_id"):
        pipeline.get_loader("eval")
    with pytest.raises(ConfigError, match="batch_size must be a positive int"):
        fe.Pipeline(train_data=small, batch_size={"train": 0})
    assert fe.Pipeline(train_data=small, batch_size=EpochScheduler({1: 2, 5: 4})).get_signature_epochs(6) == [1, 5]


def test_transform_and_benchmark(capsys):
    pipeline = fe.Pipeline(train_data=IMAGES, batch_size=8, ops=augment_ops(), seed=0)
    result = pipeline.transform({"x": IMAGES["x"][0]}, mode="infer")
    np.testing.assert_allclose(result["x"][0], (IMAGES["x"][0] / 255.0 - 0.5) / 0.25, atol=1e-5)
    report = pipeline.benchmark(num_steps=3, log_interval=2, detailed=True)
    printed = capsys.readouterr().out
    assert report["samples_per_second"] > 0 and "step 2" in printed and "24 samples in 3 steps" in printed
    assert len(report["op_seconds"]) == 5 and all(seconds > 0 for seconds in report["op_seconds"].values())
    assert "RandomCrop (per batch)" in report["op_seconds"]  # the whole chain runs once per batch
    tail = fe.Pipeline(train_data=IMAGES, batch_size=8, ops=augment_ops() + [Delete("y")]).benchmark(num_steps=1,
                                                                                                    detailed=True)
    assert not any("per batch" in name for name in tail["op_seconds"])  # Delete has no batch form: all per sample
